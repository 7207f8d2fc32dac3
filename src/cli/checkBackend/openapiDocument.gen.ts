// Generated from src/api/openapi.yaml by scripts/gen-openapi-document.mjs (npm run gen:types). Do not edit.
import type { JsonObject } from './jsonSchema.ts';

export const openApiDocument: JsonObject = {
  "openapi": "3.1.0",
  "info": {
    "title": "Experience API (sessions and auth)",
    "version": "1.1.0",
    "description": "The contract between session-first's client and the experience API. The real backend is a FastAPI service, and FastAPI's own behaviour is part of the contract: errors are `{\"detail\": \"<message>\"}`; request validation failures are HTTP 422 with a list of `{type, loc, msg, input, ctx?}` (pydantic 2 type names, FastAPI's `loc`); a body is read as JSON only with a JSON content type (`application/json`, `*+json`) or none; a path under `/api/` that is not listed here answers 404 `{\"detail\": \"Not Found\"}`, a method a listed path lacks 405 `{\"detail\": \"Method Not Allowed\"}`. Response objects may carry fields added later: a client ignores what it does not know. The `session_id` is a public continuity handle; the `session_token` is the secret, rotated on every upgrade. Operations tagged `mock-admin` exist only on the mock backend (session-first/mocks), never on the real service.\n"
  },
  "tags": [
    {
      "name": "session",
      "description": "Sessions, anonymous first and upgraded in place at login."
    },
    {
      "name": "auth",
      "description": "Credentials for an access token."
    },
    {
      "name": "mock-admin",
      "description": "The mock backend's own controls (`/__mock/...`), served next to the experience API by the service worker, msw/node and `npx session-first mock-server`. Not part of the real service; scenarios and latency never apply to them.\n"
    }
  ],
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/api/session/create-anonymous": {
      "post": {
        "operationId": "createAnonymousSession",
        "tags": [
          "session"
        ],
        "summary": "Create an anonymous session (no authentication required)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateAnonymousSessionRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new session and its secret token. With a repeated Idempotency-Key, the session created first.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SessionWithToken"
                }
              }
            }
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/session/{session_id}": {
      "get": {
        "operationId": "getSession",
        "tags": [
          "session"
        ],
        "summary": "Read a session",
        "parameters": [
          {
            "$ref": "#/components/parameters/SessionId"
          },
          {
            "$ref": "#/components/parameters/SessionToken"
          }
        ],
        "responses": {
          "200": {
            "description": "The session",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SessionEnvelope"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/session/{session_id}/upgrade": {
      "patch": {
        "operationId": "upgradeSession",
        "tags": [
          "session"
        ],
        "summary": "Upgrade a session to an authenticated user (same session_id, rotated token)",
        "description": "Binds the session to the access token's user and rotates the session token. Repeated with the same `Idempotency-Key` and the previous session token within a short window, it answers the same new token again (an upgrade whose answer was lost can be retried); the previous token opens nothing else.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/SessionId"
          },
          {
            "$ref": "#/components/parameters/SessionToken"
          },
          {
            "$ref": "#/components/parameters/UpgradeIdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpgradeSessionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The upgraded session with a new session token; the old token is rejected from now on",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SessionWithToken"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/session/{session_id}/logout": {
      "post": {
        "operationId": "logout",
        "tags": [
          "session"
        ],
        "summary": "End a session",
        "parameters": [
          {
            "$ref": "#/components/parameters/SessionId"
          },
          {
            "$ref": "#/components/parameters/SessionToken"
          }
        ],
        "responses": {
          "204": {
            "description": "The session is gone"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/auth/login": {
      "post": {
        "operationId": "login",
        "tags": [
          "auth"
        ],
        "summary": "Exchange credentials for an access token",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LoginRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "An access token, to be held in memory only",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LoginResponse"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/__mock/sessions": {
      "get": {
        "operationId": "mockListSessions",
        "tags": [
          "mock-admin"
        ],
        "summary": "List the live sessions (never their tokens)",
        "responses": {
          "200": {
            "description": "Every session that has not ended or expired",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MockSessionList"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "mockSeedSession",
        "tags": [
          "mock-admin"
        ],
        "summary": "Seed a session, anonymous or already signed in as a demo account",
        "description": "Puts a new session into the store as a tab that visited before would hold it, and answers its id and token (the only time the token is told). Tests and Storybook write them into a page's storage before it loads.\n",
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MockSeedRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The seeded session's id and token",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MockSeededSession"
                }
              }
            }
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          }
        }
      }
    },
    "/__mock/reset": {
      "post": {
        "operationId": "mockReset",
        "tags": [
          "mock-admin"
        ],
        "summary": "Empty the store and go back to the backend's configured scenario, latency and clock",
        "description": "Forgets every session, access token and idempotency record, sets the scenario and latency back to what the backend was created with (`default` and 0 unless configured otherwise), the clock offset to 0, and empties this backend's request log.\n",
        "responses": {
          "204": {
            "description": "Reset"
          }
        }
      }
    },
    "/__mock/scenario": {
      "put": {
        "operationId": "mockSetScenario",
        "tags": [
          "mock-admin"
        ],
        "summary": "Select the backend scenario",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MockScenarioChange"
              }
            }
          }
        },
        "responses": {
          "204": {
            "description": "The scenario applies to the next request of every tab"
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          }
        }
      }
    },
    "/__mock/latency": {
      "put": {
        "operationId": "mockSetLatency",
        "tags": [
          "mock-admin"
        ],
        "summary": "Set the delay added to every experience API response",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MockLatencyChange"
              }
            }
          }
        },
        "responses": {
          "204": {
            "description": "The latency applies from the next request on"
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          }
        }
      }
    },
    "/__mock/clock": {
      "post": {
        "operationId": "mockAdvanceClock",
        "tags": [
          "mock-admin"
        ],
        "summary": "Move the mock's clock (for idle timeouts, lifetimes and token expiry)",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MockClockAdvance"
              }
            }
          }
        },
        "responses": {
          "204": {
            "description": "The clock moved"
          },
          "422": {
            "$ref": "#/components/responses/ValidationError"
          }
        }
      }
    },
    "/__mock/state": {
      "get": {
        "operationId": "mockGetState",
        "tags": [
          "mock-admin"
        ],
        "summary": "The scenario, latency and clock offset in effect, and the scenarios to choose from",
        "responses": {
          "200": {
            "description": "The backend's settings",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MockState"
                }
              }
            }
          }
        }
      }
    },
    "/__mock/requests": {
      "get": {
        "operationId": "mockListRequests",
        "tags": [
          "mock-admin"
        ],
        "summary": "The experience API requests this backend instance answered, oldest first",
        "description": "In a browser each tab runs its own instance over the shared store, so this is the log of the page that asks. Admin requests are not logged.\n",
        "responses": {
          "200": {
            "description": "The request log",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MockRequestList"
                }
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "mockClearRequests",
        "tags": [
          "mock-admin"
        ],
        "summary": "Empty this backend instance's request log",
        "responses": {
          "204": {
            "description": "The log is empty"
          }
        }
      }
    }
  },
  "components": {
    "parameters": {
      "SessionId": {
        "name": "session_id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1
        }
      },
      "SessionToken": {
        "name": "X-Session-Token",
        "in": "header",
        "required": false,
        "description": "The session's secret token. A missing or wrong token answers 401.",
        "schema": {
          "type": "string"
        }
      },
      "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Repeating a create with the same key within a short window returns the same session. Keys are at least 128 random bits: whoever repeats a key gets the session back.\n",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 255
        }
      },
      "UpgradeIdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Repeating the upgrade with the same key and the previous session token within a short window answers the same new session token again.\n",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 255
        }
      }
    },
    "schemas": {
      "Metadata": {
        "type": "object",
        "additionalProperties": true
      },
      "Session": {
        "type": "object",
        "required": [
          "session_id",
          "tenant_id",
          "user_id",
          "created_at",
          "expires_at",
          "upgraded_at",
          "metadata"
        ],
        "properties": {
          "session_id": {
            "type": "string",
            "minLength": 1
          },
          "tenant_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "user_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "expires_at": {
            "type": "string",
            "format": "date-time"
          },
          "upgraded_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "metadata": {
            "$ref": "#/components/schemas/Metadata"
          }
        }
      },
      "SessionEnvelope": {
        "type": "object",
        "required": [
          "session"
        ],
        "properties": {
          "session": {
            "$ref": "#/components/schemas/Session"
          }
        }
      },
      "SessionWithToken": {
        "type": "object",
        "required": [
          "session",
          "session_token"
        ],
        "properties": {
          "session": {
            "$ref": "#/components/schemas/Session"
          },
          "session_token": {
            "type": "string",
            "description": "At least 128 random bits, encoded",
            "minLength": 22
          }
        }
      },
      "CreateAnonymousSessionRequest": {
        "type": "object",
        "properties": {
          "metadata": {
            "$ref": "#/components/schemas/Metadata"
          }
        }
      },
      "UpgradeSessionRequest": {
        "type": "object",
        "required": [
          "user_id",
          "tenant_id",
          "access_token"
        ],
        "properties": {
          "user_id": {
            "type": "string"
          },
          "tenant_id": {
            "type": "string"
          },
          "access_token": {
            "type": "string"
          },
          "metadata": {
            "$ref": "#/components/schemas/Metadata"
          }
        }
      },
      "LoginRequest": {
        "type": "object",
        "required": [
          "email",
          "password"
        ],
        "properties": {
          "email": {
            "type": "string"
          },
          "password": {
            "type": "string"
          }
        }
      },
      "LoginResponse": {
        "type": "object",
        "required": [
          "access_token",
          "token_type",
          "expires_in",
          "user_id",
          "tenant_id"
        ],
        "properties": {
          "access_token": {
            "type": "string",
            "minLength": 1
          },
          "token_type": {
            "type": "string",
            "const": "bearer"
          },
          "expires_in": {
            "type": "integer",
            "minimum": 1,
            "description": "Seconds until the access token expires"
          },
          "user_id": {
            "type": "string"
          },
          "tenant_id": {
            "type": "string"
          }
        }
      },
      "HTTPError": {
        "type": "object",
        "required": [
          "detail"
        ],
        "properties": {
          "detail": {
            "type": "string"
          }
        }
      },
      "ValidationErrorItem": {
        "type": "object",
        "required": [
          "loc",
          "msg",
          "type"
        ],
        "properties": {
          "loc": {
            "type": "array",
            "description": "Where the error is, e.g. `[\"body\", \"email\"]`, `[\"header\", \"idempotency-key\"]`, `[\"body\", 13]`.",
            "items": {
              "anyOf": [
                {
                  "type": "string"
                },
                {
                  "type": "integer"
                }
              ]
            }
          },
          "msg": {
            "type": "string"
          },
          "type": {
            "type": "string",
            "description": "pydantic 2's error type, e.g. `missing`, `string_type`, `json_invalid`."
          },
          "input": {
            "description": "The value that failed (FastAPI echoes it)."
          },
          "ctx": {
            "type": "object",
            "additionalProperties": true,
            "description": "Details of the error, e.g. `{\"max_length\": 255}` or `{\"error\": \"Expecting value\"}`."
          }
        }
      },
      "HTTPValidationError": {
        "type": "object",
        "required": [
          "detail"
        ],
        "properties": {
          "detail": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/ValidationErrorItem"
            }
          }
        }
      },
      "MockSession": {
        "type": "object",
        "description": "A session as the mock's admin API lists it (no token).",
        "required": [
          "session_id",
          "user_id",
          "tenant_id",
          "created_at",
          "expires_at",
          "upgraded_at"
        ],
        "properties": {
          "session_id": {
            "type": "string"
          },
          "user_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "tenant_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "expires_at": {
            "type": "string",
            "format": "date-time"
          },
          "upgraded_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          }
        }
      },
      "MockSessionList": {
        "type": "object",
        "required": [
          "sessions"
        ],
        "properties": {
          "sessions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MockSession"
            }
          }
        }
      },
      "MockSeedRequest": {
        "type": "object",
        "properties": {
          "email": {
            "type": "string",
            "description": "A demo account (SPEC §4) the session is already signed in as; anonymous without it"
          }
        }
      },
      "MockSeededSession": {
        "type": "object",
        "required": [
          "session_id",
          "session_token"
        ],
        "properties": {
          "session_id": {
            "type": "string"
          },
          "session_token": {
            "type": "string"
          }
        }
      },
      "MockScenarioName": {
        "type": "string",
        "enum": [
          "default",
          "slow",
          "flaky",
          "server-down",
          "offline",
          "expired-session",
          "invalid-credentials",
          "upgrade-conflict",
          "malformed-response"
        ]
      },
      "MockScenarioInfo": {
        "type": "object",
        "required": [
          "name",
          "description"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/MockScenarioName"
          },
          "description": {
            "type": "string"
          }
        }
      },
      "MockScenarioChange": {
        "type": "object",
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/MockScenarioName"
          }
        }
      },
      "MockLatencyChange": {
        "type": "object",
        "required": [
          "ms"
        ],
        "properties": {
          "ms": {
            "type": "integer",
            "minimum": 0,
            "maximum": 60000
          }
        }
      },
      "MockClockAdvance": {
        "type": "object",
        "required": [
          "advance_ms"
        ],
        "properties": {
          "advance_ms": {
            "type": "integer",
            "description": "Milliseconds to move the clock by (negative moves it back), at most 100 years either way.",
            "minimum": -3155760000000,
            "maximum": 3155760000000
          }
        }
      },
      "MockState": {
        "type": "object",
        "required": [
          "scenario",
          "latency_ms",
          "clock_offset_ms",
          "scenarios"
        ],
        "properties": {
          "scenario": {
            "$ref": "#/components/schemas/MockScenarioName"
          },
          "latency_ms": {
            "type": "integer",
            "minimum": 0,
            "maximum": 60000
          },
          "clock_offset_ms": {
            "type": "integer"
          },
          "scenarios": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MockScenarioInfo"
            }
          }
        }
      },
      "MockRequestLogEntry": {
        "type": "object",
        "required": [
          "id",
          "request_id",
          "method",
          "path",
          "status",
          "latency_ms",
          "scenario",
          "at"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "minimum": 1,
            "description": "1, 2, 3... in the order the answers were given since the log was last emptied"
          },
          "request_id": {
            "type": "string",
            "description": "The transport's id of the request (MSW's requestId, or one made by the HTTP server)"
          },
          "method": {
            "type": "string"
          },
          "path": {
            "type": "string",
            "description": "Path and query, without the origin"
          },
          "status": {
            "type": "integer",
            "description": "HTTP status; 0 for a network error (the offline scenario)"
          },
          "latency_ms": {
            "type": "integer",
            "minimum": 0,
            "description": "Delay added before answering"
          },
          "scenario": {
            "$ref": "#/components/schemas/MockScenarioName"
          },
          "at": {
            "type": "string",
            "format": "date-time",
            "description": "When the request arrived, by the mock's clock"
          }
        }
      },
      "MockRequestList": {
        "type": "object",
        "required": [
          "requests"
        ],
        "properties": {
          "requests": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MockRequestLogEntry"
            }
          }
        }
      }
    },
    "responses": {
      "Unauthorized": {
        "description": "Missing or wrong session token, bad credentials, or a bad or expired access token",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/HTTPError"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The user_id or tenant_id does not match the access token",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/HTTPError"
            }
          }
        }
      },
      "NotFound": {
        "description": "Unknown or expired session",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/HTTPError"
            }
          }
        }
      },
      "Conflict": {
        "description": "The session is already bound to another user",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/HTTPError"
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "The service is down or overloaded; the request may succeed if tried again",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/HTTPError"
            }
          }
        }
      },
      "ValidationError": {
        "description": "The request body is malformed (FastAPI's validation error shape)",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/HTTPValidationError"
            }
          }
        }
      }
    }
  }
};
