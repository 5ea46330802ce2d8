"""factcheck: the engine behind the annotated fact-check site.

The pipeline, one module each: ``load`` (YAML with positions, schema) ->
``anchor`` (quotes to exact ranges of the rendered source) -> ``render``
(HTML for source and claim pages) -> ``links`` (cited-link checking) ->
``export`` (Web Annotations, ClaimReview). Nothing here imports MkDocs.
"""

__version__ = "0.1.0"
