"""The HTTP service (``extract serve``): uploads become jobs in a SQLite store, a dispatcher thread feeds them to
the batch worker pool, and trackers poll for the record and its review page.

    config.py   the service's settings and limits
    store.py    jobs, uploaded files (by sha256) and records on disk
    work.py     what a worker runs to finish a document (assemble + review page)
    runner.py   the dispatcher thread over pipeline.batch.pool.WorkerPool
    metrics.py  Prometheus metrics
    app.py      the FastAPI routes and ``serve``

Only app.py imports the web framework: workers unpickle functions from work.py without it.
"""
