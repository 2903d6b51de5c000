"""A town's tables authored in files and forms (see :mod:`townpaths.cases.tables.engine`)."""

from townpaths.cases.tables.columns import FileColumn, Layout, layout
from townpaths.cases.tables.engine import (
    IMPORT_TABLE,
    PICK,
    authorable_layout,
    delete_row,
    deletion,
    export_table,
    form_values,
    import_table,
    link_options,
    list_tables,
    reference_options,
    row_ids,
    save_row,
    table_rows,
    with_picks,
)

__all__ = [
    "IMPORT_TABLE",
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
