"""Work that runs after the response has been sent: `after_response(func, *args, **kwargs)`.

A view queues slow work (extracting the text of an upload, sending an e-mail) so that the
person who sent the request does not wait for it, and so that its duration says nothing to them
(a reset e-mail sent or not sent takes the same time). The work still runs in the same process,
right after the response, so nothing needs a worker process; a command run by cron repairs
whatever a process that died before running it left undone.

    from sinergi.lib.deferred import after_response

    after_response(send_mail, subject, body, sender, [address])

How it works: `AfterResponseMiddleware` opens a queue for each request. When the view has
returned, it registers the queue on the response as one of its resource closers
(`response._resource_closers`, the list Django itself uses to close the file of a
FileResponse). The WSGI server calls `response.close()` once it has sent the whole response
(PEP 3333), and Django's close() then calls the closers: our queue runs there, after the last
byte has left, still in the request's thread with its database connection open (Django closes
old connections only after the closers, on `request_finished`). Django's test client calls
close() too, so in tests the queued work has run when `client.get()`/`post()` returns.

Rules for callers:
- Outside a request (management commands, the shell, code under test without the client) the
  function runs at once: code that queues work is correct everywhere.
- The function runs after the request's transaction has ended, committed or not: pass ids, not
  model instances, and let the function read the rows again (they may be gone).
- An exception is logged and the next function runs; the response is already sent.
"""

import contextvars
import functools
import logging

logger = logging.getLogger(__name__)

# The queue of the request being handled in this thread, or None outside a request.
_queue: contextvars.ContextVar[list | None] = contextvars.ContextVar("deferred", default=None)


def after_response(func, *args, **kwargs) -> None:
    """Call `func(*args, **kwargs)` once the response of the current request has been sent, or
    now when there is no current request."""
    queue = _queue.get()
    if queue is None:
        func(*args, **kwargs)
    else:
        queue.append(functools.partial(func, *args, **kwargs))


def _run(queue: list) -> None:
    while queue:
        task = queue.pop(0)
        try:
            task()
        except Exception:
            logger.exception("Work deferred after the response failed: %r", task)


class AfterResponseMiddleware:
    """Runs the work queued with `after_response` during a request once its response has been
    sent (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queue = []
        token = _queue.set(queue)
        try:
            response = self.get_response(request)
        finally:
            _queue.reset(token)
        if queue:
            # Without a queue set, work queued by the closers themselves runs at once.
            response._resource_closers.append(functools.partial(_run, queue))
        return response
