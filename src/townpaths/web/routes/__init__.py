"""One module per feature, each exposing ``router`` (a FastAPI ``APIRouter``)."""
