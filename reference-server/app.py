"""A reference FastAPI server for the FactPulse "Async Tasks" API slice.

It is the real thing the Rust client is tested against: FastAPI + pydantic, as FactPulse runs,
with scripted Celery-like tasks held in memory. Its own /openapi.json is compared with
spec/openapi.yaml by the drift test, which proves the committed spec is what FastAPI emits.

Scripted task ids (the part after the first '-' is free, so tests can use fresh ids):
- success-*   PENDING, STARTED, STARTED, then SUCCESS with a small PDF in content_b64
- failure-*   STARTED, then FAILURE (Celery's system failure)
- business-*  STARTED, then SUCCESS whose business result is an AFNOR ERROR
- flaky-*     the first request answers 503, then SUCCESS
- anything else stays PENDING forever, as Celery reports unknown ids
"""

import base64
import os
from enum import Enum
from typing import Any, Optional

from fastapi import Depends, FastAPI, Path
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

TOKEN = os.environ.get("REFERENCE_TOKEN", "test-token")
API_KEY = os.environ.get("REFERENCE_API_KEY", "test-key")

# A minimal, well-formed PDF: the end-to-end tests check these bytes arrive intact.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

app = FastAPI(
    title="FactPulse REST API",
    version="1.0.0",
    servers=[
        {"url": "https://factpulse.fr", "description": "Production"},
        {"url": "http://localhost:8001", "description": "Local development"},
    ],
)


class CeleryStatus(str, Enum):
    """Possible states of a Celery task during polling."""

    PENDING = "PENDING"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    RETRY = "RETRY"


class ErrorLevel(str, Enum):
    """Severity level of a validation error."""

    Error = "Error"
    Warning = "Warning"


class ErrorSource(str, Enum):
    """Component that detected a validation error."""

    schematron = "schematron"
    pdfa = "pdfa"
    pydantic = "pydantic"
    xmp = "xmp"
    signature = "signature"
    afnor = "afnor"
    chorus_pro = "chorus_pro"
    ereporting = "ereporting"
    system = "system"


class ValidationErrorDetail(BaseModel):
    """Validation error detail (aligned with AFNOR AcknowledgementDetail)."""

    level: ErrorLevel = Field(ErrorLevel.Error, description="Severity level: 'Error' or 'Warning'")
    item: str = Field(..., description="Identifier of the concerned element (XPath, field, BR-FR rule, etc.)")
    reason: str = Field(..., description="Error description")
    source: Optional[ErrorSource] = Field(None, description="Error source")
    code: Optional[str] = Field(None, description="Unique error code (e.g. SCHEMATRON_BR_FR_01)")


class APIError(BaseModel):
    """Standardized API error (aligned with AFNOR Error schema)."""

    errorCode: str = Field(..., description="Alphanumeric code precisely identifying the error")
    errorMessage: str = Field(..., description="Message describing the error (not intended for end user)")
    details: Optional[list[ValidationErrorDetail]] = Field(None, description="Additional details on validation errors")


class AsyncTaskStatus(BaseModel):
    """Complete description of an async task status."""

    taskId: str = Field(..., description="Unique task identifier")
    status: CeleryStatus = Field(..., description="Celery task status (PENDING, STARTED, SUCCESS, FAILURE, RETRY)")
    result: Optional[dict[str, Any]] = Field(None, description="Task result (only if status=SUCCESS)")


bearer = HTTPBearer(auto_error=False, bearerFormat="JWT", description="JWT Bearer token, obtained from `/api/token/`.")
api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key authentication.")

UNAUTHORIZED = {"errorCode": "AUTHENTICATION_REQUIRED", "errorMessage": "Invalid or missing JWT token"}


class Unauthorized(Exception):
    pass


@app.exception_handler(Unauthorized)
async def unauthorized(_request, _exc):
    return JSONResponse(status_code=401, content=UNAUTHORIZED)


def authenticated(
    credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer),
    key: Optional[str] = Depends(api_key),
) -> None:
    if credentials is not None and credentials.credentials == TOKEN:
        return
    if key is not None and key == API_KEY:
        return
    raise Unauthorized()


# Requests seen per task id, so each scripted task advances one step per poll.
polls: dict[str, int] = {}


def scripted(task_id: str) -> tuple[Optional[int], dict]:
    """The (HTTP status override, body) of the next poll of `task_id`."""
    n = polls.get(task_id, 0)
    polls[task_id] = n + 1
    kind = task_id.split("-", 1)[0]

    def state(status, result=None):
        return None, {"taskId": task_id, "status": status, "result": result}

    if kind == "success":
        steps = ["PENDING", "STARTED", "STARTED"]
        if n < len(steps):
            return state(steps[n])
        return state("SUCCESS", {"status": "SUCCESS", "content_b64": base64.b64encode(PDF).decode()})
    if kind == "failure":
        return state("STARTED") if n == 0 else state("FAILURE", {"error": "worker lost"})
    if kind == "business":
        if n == 0:
            return state("STARTED")
        return state(
            "SUCCESS",
            {
                "status": "ERROR",
                "errorCode": "VALIDATION_FAILED",
                "errorMessage": "Factur-X validation failed",
                "details": [
                    {
                        "level": "Error",
                        "item": "BR-FR-01",
                        "reason": "Supplier SIRET is mandatory for French invoices",
                        "source": "schematron",
                        "code": "SCHEMATRON_BR_FR_01",
                    }
                ],
            },
        )
    if kind == "flaky":
        if n == 0:
            return 503, {"detail": "Service temporarily unavailable"}
        return state("SUCCESS", {"status": "SUCCESS", "content_b64": base64.b64encode(PDF).decode()})
    return state("PENDING")


@app.get(
    "/api/v1/processing/tasks/{task_id}/status",
    response_model=AsyncTaskStatus,
    tags=["Async Tasks"],
    summary="Get task generation status",
    description="Retrieves the progress status of an invoice generation task.",
    responses={
        401: {
            "model": APIError,
            "description": "Authentication required - Invalid or missing JWT token",
            "content": {"application/json": {"example": UNAUTHORIZED}},
        }
    },
)
async def get_task_status(
    task_id: str = Path(..., description="Celery task ID returned by async endpoints (UUID format)"),
    _auth: None = Depends(authenticated),
):
    override, body = scripted(task_id)
    if override is not None:
        return JSONResponse(status_code=override, content=body)
    return body
