"""The Python ceiling: a bare Flask app returning a small JSON, served the same way as the mock."""

from __future__ import annotations

from flask import Flask, jsonify

app = Flask("bare")


@app.get("/bare")
def bare() -> object:
    return jsonify(id="00000000-0000-4000-8000-000000000001", name="bare", size=0)


@app.post("/bare")
def bare_post() -> object:
    return jsonify(id="00000000-0000-4000-8000-000000000001", name="bare", size=0)


@app.get("/__mock/health")
def health() -> object:
    return jsonify(status="ok")
