// Generated from src/api/openapi.yaml by scripts/gen-openapi-document.mjs (npm run gen:types). Do not edit.
import type { JsonObject } from './jsonSchema.ts';

export const openApiDocument: JsonObject = {
  "openapi": "3.1.0",
  "info": {
    "title": "Experience API (sessions and auth)",
    "version": "1.0.0",
    "description": "The contract between session-first's client and the experience API. The real backend is a FastAPI service: errors are `{\"detail\": \"<message>\"}` and request validation failures are HTTP 422 with a list of `{loc, msg, type}`. The `session_id` is a public continuity handle; the `session_token` is the secret, rotated on every upgrade.\n"
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/api/session/create-anonymous": {
      "post": {
        "operationId": "createAnonymousSession",
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
        "summary": "Upgrade a session to an authenticated user (same session_id, rotated token)",
        "parameters": [
          {
            "$ref": "#/components/parameters/SessionId"
          },
          {
            "$ref": "#/components/parameters/SessionToken"
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
        "required": true,
        "description": "The session's secret token. A missing or wrong token answers 401.",
        "schema": {
          "type": "string"
        }
      },
      "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Repeating a create with the same key within a short window returns the same session.",
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
        "additionalProperties": false,
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
        "additionalProperties": false,
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
        "additionalProperties": false,
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
        "additionalProperties": false,
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
        "additionalProperties": false,
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
            "type": "string"
          }
        }
      },
      "HTTPValidationError": {
        "type": "object",
        "additionalProperties": false,
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
