"""The HTTP service (``extract serve``): uploads become jobs in a SQLite store, a dispatcher thread feeds them to
the batch worker pool, and trackers poll for the record and its review page.

    config.py   the service's settings and limits
    store.py    jobs, uploaded files (by sha256) and records on disk
    work.py     what finishes a document (assemble in a worker; its review page on first request)
    runner.py   the dispatcher thread over pipeline.batch.pool.WorkerPool
    metrics.py  Prometheus metrics
    app.py      the FastAPI routes and ``serve``

Only app.py imports the web framework: workers unpickle functions from work.py without it.
"""
