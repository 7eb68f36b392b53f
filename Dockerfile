# One image for every role: `leadbot run` (web), `leadbot scheduler`, `leadbot db upgrade`.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 leadbot
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY nudges ./nudges
COPY storage ./storage
RUN pip install --no-cache-dir . && rm -rf /root/.cache
USER leadbot
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3000\")}/healthz', timeout=4)"
ENTRYPOINT ["leadbot"]
CMD ["run"]
