"""Cloud Tasks v2: queues (from the API or a queue.yaml file), tasks, and a dispatcher
that delivers due tasks to the local App Engine app (the service) or to an HTTP URL on
this machine, with App Engine's headers, retries and rate limits."""
