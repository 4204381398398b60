import numpy as np

from liaison.engine.embedding import encoder_get, rows_normalize
from tests.engine.paths import DATA_DIR, MODELS_DIR

SEED = DATA_DIR / "decision_documents" / "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt"
AKN = DATA_DIR / "decision_documents" / "ipbes_panama_resolution_2012_akn.md"


def model2vec_vectors(encoder, texts):
    return rows_normalize(encoder.model.encode(texts, use_multiprocessing=False, batch_size=2048))


def test_pooled_vectors_are_model2vec_s_bit_for_bit_on_real_texts():
    encoder = encoder_get(models_dir=MODELS_DIR)
    assert encoder.pooled is not None
    lines = [line for path in (SEED, AKN) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [*lines, " ".join(lines)]  # the last is longer than the model's 512 tokens: cut as model2vec cuts it
    encoder.pooled.pieces.clear()
    cold = encoder.encode(texts)
    warm = encoder.encode(texts)  # every piece known now: no tokenizer call
    expected = model2vec_vectors(encoder, texts)
    assert np.array_equal(cold, expected)
    assert np.array_equal(warm, expected)


def test_pooled_vectors_follow_the_bert_normalizer_on_odd_whitespace_and_characters():
    encoder = encoder_get(models_dir=MODELS_DIR)
    texts = ["", "   ", "\x00\x0b\x0c\x85", "Parties,\tthe Secretariat\nand\u00a0the\u2003Scientific\u3000Council",
             "a\x0bb c\x0cd e\x85f", "Résolution adoptée — Conférence des Parties", "Décision 14/3 生物多样性公约",
             "zzqxwv" * 200, "(CMS/Res.11.10);Rev.COP12", "\u200bzero\u200bwidth\ufeffmarks"]
    assert np.array_equal(encoder.encode(texts), model2vec_vectors(encoder, texts))
    assert not encoder.encode([""]).any()  # no token: a zero row, as model2vec gives
