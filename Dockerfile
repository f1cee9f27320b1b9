# arcsynth's REST service: CPU only (no torch, no CUDA), run as a non-root user.
#
#   docker build -t arcsynth .
#   docker run --rm -p 127.0.0.1:8000:8000 -e ARCSYNTH_WORKERS=2 arcsynth
#   docker stop -t 35 CONTAINER     # lets in-flight solves finish (max budget + margin)
#
# Settings come from ARCSYNTH_* environment variables (see api/settings.py).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/arcsynth
WORKDIR /src
COPY pyproject.toml README.md ./
COPY dsl dsl
COPY solver solver
COPY neural neural
COPY api api
COPY benchmarks benchmarks
COPY viewer viewer
# The package alone (no dev or train extras): numpy, scipy, FastAPI, uvicorn, z3, onnxruntime.
RUN /opt/arcsynth/bin/pip install --no-cache-dir . \
    && find /opt/arcsynth -name __pycache__ -type d -prune -exec rm -rf {} +

FROM python:3.11-slim
ENV PATH=/opt/arcsynth/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN groupadd --gid 10001 arcsynth \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin arcsynth
COPY --from=build /opt/arcsynth /opt/arcsynth
USER 10001:10001
WORKDIR /home/arcsynth
EXPOSE 8000
# curl is not in the slim image; the standard library makes the request.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["arcsynth", "serve", "--host", "0.0.0.0", "--port", "8000"]
