"""The search index's lunr part, serialised, built straight from analysed documents: what Python
lunr's ``Builder`` (0.8.0) and ``Index.serialize`` give for the same documents, to the last digit and
in the same order, in a fifth of the time.

Why not lunr's ``Builder``: it wraps every term in a ``Token`` with deep-copied metadata, inserts
every score into a ``Vector`` by binary search, and builds a ``TokenSet`` that serialising never
reads, about 1.3 s of the side process at 10,000 events. The file needs only a few dict passes.

Held to lunr: tests/test_search.py builds the sample's index and a synthetic repository's both ways
and compares the JSON; lunr still registers the query pipeline (``search.register_pipeline``), whose
labels the index names, and the tests load the index with ``lunr.Index.load``.

Reproduced from lunr's builder.py, idf.py, vector.py and index.py:

- terms: each term of a field lower-cased, as lunr's ``Tokenizer`` does for a list; no document
  pipeline, no metadata (a posting's documents map to ``{}``);
- ``_index``: a term's number in the order terms are first met (document, field, position);
- a posting: each field's ``{ref: {}}`` in field order, then ``_index``;
- scores: BM25 with lunr's k1 = 1.2 and b = 0.75, idf = ln(1 + |(N - n + 0.5) / (n + 0.5)|) where n
  counts a document once per field holding the term, times the field's boost, rounded to 3 decimals,
  each operation in lunr's order (floating point is not associative);
- ``fieldVectors``: ``field/ref`` by document then field, [term index, score] pairs by term index;
- ``invertedIndex``: by term.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

K1 = 1.2  # lunr's term frequency saturation
B = 0.75  # lunr's field length normalisation


def serialized_index(
    fields: Sequence[tuple[str, float]],
    documents: Iterable[tuple[str, Sequence[Sequence[str]]]],
    pipeline: Sequence[str],
) -> dict:
    """``Index.serialize()`` of lunr's ``Builder`` fed ``documents``: (ref, each field's terms) pairs.

    ``fields`` are (name, boost) pairs; ``pipeline`` the labels of the query pipeline."""
    names = [name for name, _ in fields]
    boosts = dict(fields)
    inverted: dict[str, dict] = {}
    frequencies = []  # (field ref, field name, number of terms, {term: count}), as lunr's field_term_frequencies
    documents_count = 0
    for ref, field_terms in documents:
        documents_count += 1
        for name, terms in zip(names, field_terms, strict=True):
            counts: dict[str, int] = {}
            for term in map(str.lower, terms):
                counts[term] = counts.get(term, 0) + 1
            for term in counts:  # in the order first met: the order lunr numbers new terms in
                posting = inverted.get(term)
                if posting is None:
                    posting = inverted[term] = {field: {} for field in names}
                    posting["_index"] = len(inverted) - 1
                posting[name][ref] = {}
            frequencies.append((f"{name}/{ref}", name, len(terms), counts))

    lengths = dict.fromkeys(names, 0)
    for _, name, length, _ in frequencies:
        lengths[name] += length
    average = {name: lengths[name] / documents_count for name in names}
    idf = {}
    for term, posting in inverted.items():
        with_term = sum(len(posting[name]) for name in names)
        idf[term] = math.log(1 + abs((documents_count - with_term + 0.5) / (with_term + 0.5)))

    vectors = []
    for field_ref, name, length, counts in frequencies:
        boost = boosts[name]
        norm = K1 * (1 - B + B * (length / average[name]))
        pairs = sorted(
            (inverted[term]["_index"], round(idf[term] * ((K1 + 1) * tf) / (norm + tf) * boost, 3))
            for term, tf in counts.items()
        )
        vectors.append([field_ref, [value for pair in pairs for value in pair]])
    return {
        "version": LUNR_JS_VERSION,
        "fields": names,
        "fieldVectors": vectors,
        "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)],
        "pipeline": list(pipeline),
    }
