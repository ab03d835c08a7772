"""From an HTTP request to a handler and back: the one adapter (fake-gcs-server style).

``dispatch`` takes plain request parts so the batch endpoint can run each part of
a batch through exactly the same path: routing, identity, validation, counting,
the handler, partial responses, persistence and the error envelope.
"""

from __future__ import annotations

import json
import logging
import traceback
from urllib.parse import parse_qsl, urlencode

import orjson
from werkzeug.datastructures import MultiDict

from . import cputime, discovery, fields, links, multipart, resumable, validate
from .call import HANDLERS, Call, Media
from .errors import GoogleApiError, bad_request, not_found, not_implemented
from .identity import user_from

log = logging.getLogger("emulator")

JSON = "application/json; charset=UTF-8"


class Response:
    def __init__(self, status: int, body: bytes = b"", content_type: str = JSON,
                 headers: dict | None = None):
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or {}


def json_response(status: int, payload, headers: dict | None = None) -> Response:
    return Response(status, encode(payload), JSON, headers)


def encode(payload) -> bytes:
    """JSON indented by two spaces, as Google answers: its backends default to
    ``prettyPrint=true`` (googleapis/python-cloud-core#28). orjson writes it some 20
    times faster than ``json``, whose C encoder does not indent (a values read of a
    3000-student master sheet is 5 MB). It writes non-ASCII text as UTF-8 where
    ``json`` wrote ``\\u`` escapes, and ``1e16`` for ``1e+16``: the same values to any
    JSON parser (a NaN, which no handler should answer, becomes null). What orjson
    refuses (an integer past 64 bits) goes through ``json``."""
    try:
        return orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    except TypeError:   # orjson.JSONEncodeError is a TypeError
        return json.dumps(payload, indent=2).encode()


def error_response(err: GoogleApiError) -> Response:
    return json_response(err.code, err.envelope(), err.headers)


def dispatch(world, http_method: str, raw_path: str, args: MultiDict, headers: dict,
             body: bytes, *, base_url: str | None = None, internal: bool = False) -> Response:
    """Answer one call. ``base_url`` is where this emulator is reached, so links for
    people point at its pages; ``internal`` calls (made by those pages on a person's
    behalf, like Google's own UI) are neither counted nor subject to faults.

    The CPU time this thread spends answering a counted call (routing, validation,
    the handler, saving and rendering the answer; not an injected latency's sleep)
    is added to the method's ``cpuSeconds`` in ``/emulator/stats``, and the part of
    it Python's garbage collector took to its ``gcSeconds`` (core/cputime.py): what
    the emulator itself costs, apart from Google's quotas."""
    meter, routed = cputime.Meter(), []
    try:
        return _dispatch(world, http_method, raw_path, args, headers, body, internal, base_url,
                         routed)
    except GoogleApiError as err:
        return error_response(err)
    except Exception:  # an emulator bug: answer as Google's backend would
        log.error("unhandled error for %s %s\n%s", http_method, raw_path, traceback.format_exc())
        return error_response(GoogleApiError(500, "Internal error encountered.", "backendError"))
    finally:
        if routed:
            world.count_cpu(routed[0], *meter.read())


def _dispatch(world, http_method, raw_path, args, headers, body, internal, base_url,
              routed: list) -> Response:
    # Method override, as Google's front end honours it. google-api-python-client
    # sends a GET whose URL would pass 2,048 characters as a POST with this header
    # and the query string as a form-encoded body (googleapiclient/http.py).
    override = headers.get("x-http-method-override", "").upper()
    if override == "GET" and http_method == "POST" and headers.get(
            "content-type", "").startswith("application/x-www-form-urlencoded"):
        args = MultiDict(list(args.items(multi=True)) + parse_qsl(
            body.decode("utf-8"), keep_blank_values=True))
        body = b""
    http_method = override or http_method.upper()
    if http_method == "PUT" and "upload_id" in args and raw_path.startswith("/upload/"):
        return _resume(world, args["upload_id"], headers, body, base_url)
    found = discovery.route(http_method, raw_path)
    if found is None:
        raise not_found(f"The requested URL {raw_path} was not found on this server.")
    method, path_params, upload = found
    user = user_from(headers.get("authorization"), world)
    params = validate.query(method, args, path_params)
    resumable_start = upload and params.get("uploadType") == "resumable"
    if resumable_start:
        payload, media, media_type = _json(body), None, None
    else:
        payload, media, media_type = _body(method, headers, body, upload, params)
    validate.body(method, payload)
    if method.id not in HANDLERS:
        raise not_implemented(method.id)
    if params.get("fields"):
        fields.parse(params["fields"])  # a malformed mask is refused before the call counts
    if not internal:
        world.count(method.id, user)
        routed.append(method.id)
        world.faults.apply(method.api, method.id, http_method, user)  # latency, errors, quotas
    if resumable_start:
        return _start_upload(world, method, params, payload, user, headers, raw_path, args, base_url)
    return _answer(world, method, params, payload, user, media, media_type, headers, base_url)


def _answer(world, method, params, payload, user, media, media_type, headers, base_url) -> Response:
    """Run the handler and render its result (the call already counted)."""
    mask = fields.parse(params["fields"]) if params.get("fields") else None
    call = Call(method, params, payload, user, world, media, media_type, headers)
    with world.lock:
        world.before_call()
        result = HANDLERS[method.id](call)
        world.save()  # before answering; writes only if the call changed something
    if isinstance(result, Media):
        return Response(200, result.content, result.mime_type)
    if result is None:
        return Response(204)
    if mask is not None and not call.fields_applied:
        result = fields.apply(result, mask)
    return json_response(200, links.localise(result, base_url))


# -- resumable uploads (core/resumable.py has the protocol) ---------------------
def _start_upload(world, method, params, payload, user, headers, raw_path, args, base_url) -> Response:
    """The session URI is the request's own URL with an ``upload_id``."""
    check = resumable.BEFORE_UPLOAD.get(method.id)
    with world.lock:
        if check:
            check(Call(method, params, payload, user, world, None,
                       headers.get("x-upload-content-type"), headers))
        upload_id = world.uploads.start(method.id, params, payload, user,
                                        headers.get("x-upload-content-type"),
                                        headers.get("x-upload-content-length"))
        world.save()
    query = urlencode(list(args.items(multi=True)) + [("upload_id", upload_id)])
    root = (base_url or "https://www.googleapis.com/").rstrip("/")
    return Response(200, b"", "text/plain; charset=utf-8",
                    {"Location": f"{root}{raw_path}?{query}"})


def _resume(world, upload_id: str, headers: dict, body: bytes, base_url) -> Response:
    """A chunk or a status query: 308 with the bytes kept, or, once the last byte is
    in, the method's own answer (kept for status queries that come after it)."""
    with world.lock:
        session = world.uploads.get(upload_id)
        if session["answer"] is None:
            try:
                media = world.uploads.put(upload_id, headers.get("content-range"), body)
            except resumable.OffsetBeyondUpload as err:
                return Response(503, err.message.encode(), "text/plain; charset=utf-8")
            world.save()
            if media is None:
                kept = world.uploads.kept(session)
                return Response(308, b"", "text/plain; charset=utf-8",
                                {"Range": f"bytes=0-{kept - 1}"} if kept else {})
        else:
            answer = session["answer"]
            return Response(answer["status"], answer["body"], answer["contentType"])
    method = discovery.methods()[session["method"]]
    try:
        answer = _answer(world, method, session["params"], session["metadata"], session["user"],
                         media, session["mediaType"], headers, base_url)
    except GoogleApiError as err:
        answer = error_response(err)
    with world.lock:
        world.uploads.finish(upload_id, {"status": answer.status, "body": answer.body,
                                         "contentType": answer.content_type})
        world.save()
    return answer


def _body(method, headers, body: bytes, upload: bool, params: dict):
    """The JSON payload, and for uploads the media bytes and type."""
    content_type = headers.get("content-type", "")
    if upload:
        kind = params.get("uploadType", "media")
        if kind == "multipart":
            parts = multipart.split(body, multipart.boundary_of(content_type))
            if len(parts) != 2:
                raise bad_request("A multipart upload needs exactly a metadata part and a media part.")
            (_, meta), (media_headers, media) = parts
            return _json(meta), media, media_headers.get("content-type", "application/octet-stream")
        if kind == "media":
            return None, body, content_type or "application/octet-stream"
        raise bad_request(f"Invalid upload type: {kind}.", "invalid", location="uploadType",
                          location_type="parameter")
    if not body:
        return None, None, None
    return _json(body), None, None


def _json(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad_request(f"Invalid JSON payload received. {exc}") from None
