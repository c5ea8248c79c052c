"""The site stage: per-language MkDocs builds of the archive, assembled into site/."""
