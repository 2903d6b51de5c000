"""A town's tables authored in files and forms (see :mod:`townpaths.cases.tables.engine`; what forms
offer to choose: :mod:`townpaths.cases.tables.choices`)."""

from townpaths.cases.tables.choices import MAX_OPTIONS, PICK, link_options, reference_options, with_picks
from townpaths.cases.tables.columns import FileColumn, Layout, layout
from townpaths.cases.tables.engine import (
    IMPORT_TABLE,
    authorable_layout,
    delete_row,
    deletion,
    export_table,
    form_values,
    import_table,
    list_tables,
    row_ids,
    save_row,
    table_rows,
)

__all__ = [
    "IMPORT_TABLE",
    "MAX_OPTIONS",
    "PICK",
    "FileColumn",
    "Layout",
    "authorable_layout",
    "delete_row",
    "deletion",
    "export_table",
    "form_values",
    "import_table",
    "layout",
    "link_options",
    "list_tables",
    "reference_options",
    "row_ids",
    "save_row",
    "table_rows",
    "with_picks",
]
