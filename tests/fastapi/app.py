"""A reference experience API: SPEC section 2 on a real FastAPI process.

It is an independent implementation of the contract, so the project's client, mock and
`check-backend` can be checked against FastAPI itself. Run it with Debian's FastAPI:

    /usr/bin/python3 -m uvicorn app:app --app-dir tests/fastapi --port 8000

Settings (environment variables, read at start):
    SESSION_IDLE_SECONDS        idle timeout of a session (1800)
    SESSION_ABSOLUTE_SECONDS    absolute lifetime of a session (43200)
    IDEMPOTENCY_WINDOW_SECONDS  how long an Idempotency-Key replays (60)
    ACCESS_TOKEN_SECONDS        lifetime of an access token from login (3600)
    CORS_ORIGIN                 the one origin allowed by CORS (none: no CORS headers)

Endpoints are `async def` without awaits between reading and writing the store, so the
event loop runs each request's store work as one step: no locks are needed.
"""

import hashlib
import hmac
import os
import secrets
import time
from datetime import datetime, timezone
from typing import Any, Dict, Optional

from fastapi import FastAPI, Header
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel


def _seconds(name: str, default: float) -> float:
    value = float(os.environ.get(name, default))
    if value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds")
    return value


IDLE_SECONDS = _seconds("SESSION_IDLE_SECONDS", 30 * 60)
ABSOLUTE_SECONDS = _seconds("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
IDEMPOTENCY_WINDOW_SECONDS = _seconds("IDEMPOTENCY_WINDOW_SECONDS", 60)
ACCESS_TOKEN_SECONDS = int(_seconds("ACCESS_TOKEN_SECONDS", 3600))
CORS_ORIGIN = os.environ.get("CORS_ORIGIN", "").strip()

DEMO_PASSWORD = "demo-pass-1"
ACCOUNTS = {
    "ada@acme.test": {"user_id": "usr_ada", "tenant_id": "acme"},
    "grace@globex.test": {"user_id": "usr_grace", "tenant_id": "globex"},
    "alan@acme.test": {"user_id": "usr_alan", "tenant_id": "acme"},
}

CONFLICT = "Session is already bound to another user"


def new_secret() -> str:
    """256 random bits from the OS's CSPRNG, base64url (43 characters)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def same_secret(expected_digest: bytes, given: Optional[str]) -> bool:
    return given is not None and hmac.compare_digest(expected_digest, digest(given))


def iso(epoch_seconds: float) -> str:
    moment = datetime.fromtimestamp(epoch_seconds, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StoredSession:
    def __init__(self, metadata: Dict[str, Any]) -> None:
        now = time.time()
        self.session_id = "ses_" + secrets.token_hex(16)
        self.token = new_secret()
        self.token_digest = digest(self.token)
        self.user_id: Optional[str] = None
        self.tenant_id: Optional[str] = None
        self.metadata = dict(metadata)
        self.created_at = now
        self.last_seen = now
        self.upgraded_at: Optional[float] = None

    def expires_at(self) -> float:
        return min(self.last_seen + IDLE_SECONDS, self.created_at + ABSOLUTE_SECONDS)

    def rotate(self) -> None:
        self.token = new_secret()
        self.token_digest = digest(self.token)

    def public(self) -> Dict[str, Any]:
        return {
            "session_id": self.session_id,
            "tenant_id": self.tenant_id,
            "user_id": self.user_id,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at()),
            "upgraded_at": None if self.upgraded_at is None else iso(self.upgraded_at),
            "metadata": self.metadata,
        }


class CreateRecord:
    """A create-anonymous answer, replayed for the same key while the session keeps its token."""

    def __init__(self, session: StoredSession) -> None:
        self.session_id = session.session_id
        self.token_digest = session.token_digest
        self.created = time.time()


class UpgradeRecord:
    """An upgrade answer, replayed for the same key and the previous token."""

    def __init__(self, previous_digest: bytes, request_digest: bytes, body: Dict[str, Any], new_digest: bytes) -> None:
        self.previous_digest = previous_digest
        self.request_digest = request_digest
        self.body = body
        self.new_digest = new_digest
        self.created = time.time()


sessions: Dict[str, StoredSession] = {}
access_tokens: Dict[bytes, Dict[str, Any]] = {}
create_records: Dict[str, CreateRecord] = {}
upgrade_records: Dict[tuple, UpgradeRecord] = {}


def live_session(session_id: str) -> Optional[StoredSession]:
    session = sessions.get(session_id)
    if session is None:
        return None
    if time.time() >= session.expires_at():
        forget(session_id)
        return None
    return session


def forget(session_id: str) -> None:
    sessions.pop(session_id, None)
    for key in [key for key in upgrade_records if key[0] == session_id]:
        del upgrade_records[key]


def drop_old_records() -> None:
    horizon = time.time() - IDEMPOTENCY_WINDOW_SECONDS
    for key in [key for key, record in create_records.items() if record.created < horizon]:
        del create_records[key]
    for key in [key for key, record in upgrade_records.items() if record.created < horizon]:
        del upgrade_records[key]


def error(status: int, detail: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail})


def authorize(session_id: str, token: Optional[str]):
    """The live session, or the error: 404 unknown or expired, then 401 missing or wrong token."""
    session = live_session(session_id)
    if session is None:
        return None, error(404, "Session not found")
    if not token:
        return None, error(401, "Missing session token")
    if not same_secret(session.token_digest, token):
        return None, error(401, "Invalid session token")
    return session, None


class CreateAnonymousSessionRequest(BaseModel):
    metadata: Optional[Dict[str, Any]] = None


class UpgradeSessionRequest(BaseModel):
    user_id: str
    tenant_id: str
    access_token: str
    metadata: Optional[Dict[str, Any]] = None


class LoginRequest(BaseModel):
    email: str
    password: str


app = FastAPI(title="Experience API (reference)", openapi_url=None, docs_url=None, redoc_url=None)

if CORS_ORIGIN:
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[CORS_ORIGIN],
        allow_methods=["GET", "POST", "PATCH"],
        allow_headers=["Content-Type", "X-Session-Token", "Idempotency-Key"],
        max_age=600,
    )

# Optional headers: a required one would make FastAPI answer a missing token with 422, not 401.
SessionToken = Header(None, alias="X-Session-Token")
IdempotencyKey = Header(None, alias="Idempotency-Key", min_length=1, max_length=255)


@app.post("/api/session/create-anonymous")
async def create_anonymous(
    body: Optional[CreateAnonymousSessionRequest] = None,
    idempotency_key: Optional[str] = IdempotencyKey,
):
    drop_old_records()
    if idempotency_key is not None:
        record = create_records.get(idempotency_key)
        earlier = live_session(record.session_id) if record else None
        # Once upgraded, the first answer's token is dead: replaying the new one would hand an
        # authenticated session to whoever repeats an anonymous request.
        if earlier is not None and earlier.token_digest == record.token_digest:
            earlier.last_seen = time.time()
            return JSONResponse(status_code=201, content={"session": earlier.public(), "session_token": earlier.token})
    session = StoredSession(body.metadata if body and body.metadata else {})
    sessions[session.session_id] = session
    if idempotency_key is not None:
        create_records[idempotency_key] = CreateRecord(session)
    return JSONResponse(status_code=201, content={"session": session.public(), "session_token": session.token})


@app.get("/api/session/{session_id}")
async def get_session(session_id: str, token: Optional[str] = SessionToken):
    session, failure = authorize(session_id, token)
    if failure:
        return failure
    session.last_seen = time.time()
    return {"session": session.public()}


def upgrade_digest(body: UpgradeSessionRequest) -> bytes:
    return digest("\n".join([body.user_id, body.tenant_id, body.access_token]))


@app.patch("/api/session/{session_id}/upgrade")
async def upgrade_session(
    session_id: str,
    body: UpgradeSessionRequest,
    token: Optional[str] = SessionToken,
    idempotency_key: Optional[str] = IdempotencyKey,
):
    drop_old_records()
    session = live_session(session_id)
    if session is None:
        return error(404, "Session not found")
    if not token:
        return error(401, "Missing session token")
    record = upgrade_records.get((session_id, idempotency_key)) if idempotency_key is not None else None
    if (
        record is not None
        and same_secret(record.previous_digest, token)
        and record.request_digest == upgrade_digest(body)
        and record.new_digest == session.token_digest
    ):
        session.last_seen = time.time()
        return record.body
    if not same_secret(session.token_digest, token):
        return error(401, "Invalid session token")

    grant = access_tokens.get(digest(body.access_token))
    if grant is None or grant["expires"] <= time.time():
        return error(401, "Invalid or expired access token")
    if grant["user_id"] != body.user_id or grant["tenant_id"] != body.tenant_id:
        return error(403, "user_id and tenant_id do not match the access token")
    if session.user_id is not None and (session.user_id, session.tenant_id) != (grant["user_id"], grant["tenant_id"]):
        return error(409, CONFLICT)

    now = time.time()
    if session.user_id is None:
        session.user_id = grant["user_id"]
        session.tenant_id = grant["tenant_id"]
        session.upgraded_at = now
    session.metadata.update(body.metadata or {})
    previous_digest = session.token_digest
    session.rotate()
    session.last_seen = now
    answer = {"session": session.public(), "session_token": session.token}
    if idempotency_key is not None:
        upgrade_records[(session_id, idempotency_key)] = UpgradeRecord(
            previous_digest, upgrade_digest(body), answer, session.token_digest
        )
    return answer


@app.post("/api/session/{session_id}/logout", status_code=204)
async def logout(session_id: str, token: Optional[str] = SessionToken):
    session, failure = authorize(session_id, token)
    if failure:
        return failure
    forget(session.session_id)
    return Response(status_code=204)


@app.post("/api/auth/login")
async def login(body: LoginRequest):
    account = ACCOUNTS.get(body.email)
    # Compared even for an unknown email, so the answer takes as long either way.
    password_ok = hmac.compare_digest(digest(body.password), digest(DEMO_PASSWORD))
    if account is None or not password_ok:
        return error(401, "Invalid email or password")
    access_token = new_secret()
    access_tokens[digest(access_token)] = {**account, "expires": time.time() + ACCESS_TOKEN_SECONDS}
    return {
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "user_id": account["user_id"],
        "tenant_id": account["tenant_id"],
    }
