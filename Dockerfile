# genesys-cloud-mock as a container: `docker compose up mock`, then http://127.0.0.1:8080 (see docs/team.md).
# Stages: `base` (the installed package), `test` (plus the tests and their extras, for the compose service
# contract-tests) and `runtime`, the last one, which a plain `docker build .` produces.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY contracts ./contracts
COPY mockserver ./mockserver
COPY clients ./clients
# /data holds the state file; owned by the non-root user so a fresh named volume mounted there is writable.
RUN pip install . \
    && useradd --create-home --uid 10001 mock \
    && mkdir /data && chown mock:mock /data

FROM base AS test
COPY tests ./tests
RUN pip install '.[test]'
USER mock
# The HTTP half of the contract suite against the mock named by GENESYS_CONTRACT_URL (set in docker-compose.yml).
ENTRYPOINT ["python", "-m", "pytest"]
CMD ["tests/contract/test_against_server.py", "-p", "no:cacheprovider", "-q"]

FROM base AS runtime
USER mock
# Inside a container the mock must listen on every interface; outside it binds 127.0.0.1 by default.
ENV GENESYS_MOCK_HOST=0.0.0.0 \
    GENESYS_MOCK_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=6 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/__mock/health', timeout=2).status != 200)"]

ENTRYPOINT ["genesys-mock"]
CMD ["serve"]
