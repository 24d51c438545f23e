"""The public JSON API, /api/v1/ (schema at /api/v1/openapi.json).

One router per resource, mounted below. Later resources (most read, comments,
view beacons) add a module with its own `router` and one `add_router` line
here, above the catch-all. Every error is JSON with a `message`: bad
parameters are a 400 naming the parameter, unknown things a 404; a 500 for bad
input is a bug.
"""

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError

from masthead.audience import api as beacons

from . import articles, rankings, search, sections

api = NinjaAPI(
    title="Masthead API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Read-only access to the newsroom's published stories and sections. "
        "Responses are public and cacheable for a short time."
    ),
)


def _param_name(loc) -> str:
    parts = [str(part) for part in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    # Query schemas are nested under the view's argument name: drop it.
    if len(parts) > 1 and parts[0] == "query":
        parts = parts[1:]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError):
    errors = []
    for error in exc.errors:
        param = _param_name(error.get("loc", ()))
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        errors.append({"param": param, "message": message})
    summary = "; ".join(f"{e['param']}: {e['message']}" for e in errors)
    return api.create_response(
        request,
        {"message": f"Bad parameter — {summary}", "errors": errors},
        status=400,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(
        request, {"message": str(exc), "errors": []}, status=exc.status_code
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(
        request, {"message": str(exc) or "Not found.", "errors": []}, status=404
    )


api.add_router("/articles", articles.router)
api.add_router("/sections", sections.router)
api.add_router("/beacons", beacons.router)
api.add_router("", search.router)
api.add_router("", rankings.router)

# Last: anything else under /api/v1/ is a JSON 404, not the site's HTML page.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_endpoint(request: HttpRequest, rest: str):
    raise HttpError(404, "There is no such API endpoint.")


api.add_router("", fallback)
