"""workshop runs beside the study, workshop items, presence, ballot senders, sheet versions

A workshop ranks items of its own (``workshop_items``: copies of the case's problems or problems
typed in for it) and stores its result as a ranking run (``ranking_runs``, ``ranking_run_items``)
instead of rewriting the case's problems and solutions. Existing workshops are converted: each
gets items for the problems it ranked, and its ballots, round results, worksheet groups and
settings refer to those items. Ballots record the phone that sent them and its sequence number;
worksheet groups their starting order and a version per worksheet field.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-28 10:55:02.269364
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WORKSHOPS = sa.table(
    "workshops", sa.column("id", sa.Integer), sa.column("town_id", sa.Integer), sa.column("settings", sa.JSON)
)
PROBLEMS = sa.table(
    "problems", sa.column("id", sa.Integer), sa.column("text_en", sa.Text), sa.column("text_sl", sa.Text)
)
ITEMS = sa.table(
    "workshop_items",
    sa.column("id", sa.Integer),
    sa.column("town_id", sa.Integer),
    sa.column("workshop_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("problem_id", sa.Integer),
    sa.column("text_en", sa.Text),
    sa.column("text_sl", sa.Text),
)
ROUNDS = sa.table(
    "workshop_rounds", sa.column("id", sa.Integer), sa.column("workshop_id", sa.Integer), sa.column("result", sa.JSON)
)
BALLOTS = sa.table(
    "ballots",
    sa.column("id", sa.Integer),
    sa.column("round_id", sa.Integer),
    sa.column("voter", sa.String),
    sa.column("tiers", sa.JSON),
    sa.column("sender_id", sa.Integer),
)
PARTICIPANTS = sa.table("workshop_participants", sa.column("id", sa.Integer))


def _groups(column: str) -> Any:
    return sa.table(
        "workshop_groups", sa.column("id", sa.Integer), sa.column("round_id", sa.Integer), sa.column(column, sa.Integer)
    )


def _ids(values: Any, mapping: dict[int, int]) -> list[int]:
    return [mapping[int(v)] for v in values or [] if isinstance(v, int) and int(v) in mapping]


def _tiers(tiers: Any, mapping: dict[int, int]) -> list[list[int]]:
    out = [_ids(t if isinstance(t, list) else [t], mapping) for t in tiers or []]
    return [t for t in out if t]


def _result(result: Any, mapping: dict[int, int]) -> dict[str, Any]:
    """A round's stored consensus with its problem ids replaced through ``mapping``."""
    out = dict(result or {})
    if "tiers" in out:
        out["tiers"] = _tiers(out["tiers"], mapping)
    if isinstance(out.get("ranks"), dict):
        out["ranks"] = {str(mapping[int(k)]): v for k, v in out["ranks"].items() if k.isdigit() and int(k) in mapping}
    if isinstance(out.get("split"), list):
        out["split"] = [
            {**d, "problem": mapping[d["problem"]]}
            for d in out["split"]
            if isinstance(d, dict) and d.get("problem") in mapping
        ]
    return out


def _remap(bind: Any, workshop_id: int, mapping: dict[int, int]) -> None:
    """Rewrite one workshop's ballots and round results through ``mapping`` (old id -> new id)."""
    rounds = bind.execute(sa.select(ROUNDS.c.id, ROUNDS.c.result).where(ROUNDS.c.workshop_id == workshop_id)).all()
    for round_id, result in rounds:
        bind.execute(ROUNDS.update().where(ROUNDS.c.id == round_id).values(result=_result(result, mapping)))
        for ballot_id, tiers in bind.execute(
            sa.select(BALLOTS.c.id, BALLOTS.c.tiers).where(BALLOTS.c.round_id == round_id)
        ).all():
            bind.execute(BALLOTS.update().where(BALLOTS.c.id == ballot_id).values(tiers=_tiers(tiers, mapping)))


def _items_from_problems(bind: Any) -> None:
    """Every existing workshop gets items for the problems it ranked; ids follow."""
    groups = _groups("problem_id")
    for workshop_id, town_id, stored in bind.execute(
        sa.select(WORKSHOPS.c.id, WORKSHOPS.c.town_id, WORKSHOPS.c.settings)
    ).all():
        settings = dict(stored or {})
        problem_ids = [p for p in settings.pop("problems", []) or [] if isinstance(p, int)]
        texts = {
            r.id: r
            for r in bind.execute(
                sa.select(PROBLEMS.c.id, PROBLEMS.c.text_en, PROBLEMS.c.text_sl).where(PROBLEMS.c.id.in_(problem_ids))
            )
        }
        mapping: dict[int, int] = {}
        for position, pid in enumerate((p for p in problem_ids if p in texts), start=1):
            row = texts[pid]
            bind.execute(
                ITEMS.insert().values(
                    town_id=town_id,
                    workshop_id=workshop_id,
                    position=position,
                    problem_id=pid,
                    text_en=row.text_en,
                    text_sl=row.text_sl,
                )
            )
            mapping[pid] = bind.execute(
                sa.select(ITEMS.c.id).where(ITEMS.c.workshop_id == workshop_id, ITEMS.c.position == position)
            ).scalar_one()
        settings["items"] = [mapping[p] for p in problem_ids if p in mapping]
        bind.execute(WORKSHOPS.update().where(WORKSHOPS.c.id == workshop_id).values(settings=settings))
        _remap(bind, workshop_id, mapping)
        round_ids = sa.select(ROUNDS.c.id).where(ROUNDS.c.workshop_id == workshop_id)
        for group_id, problem_id in bind.execute(
            sa.select(groups.c.id, groups.c.problem_id).where(groups.c.round_id.in_(round_ids))
        ).all():
            if problem_id in mapping:
                bind.execute(
                    sa.text("UPDATE workshop_groups SET item_id = :item WHERE id = :id"),
                    {"item": mapping[problem_id], "id": group_id},
                )
    # a voter "p<id>" handed in their own ballot
    for ballot_id, voter in bind.execute(sa.select(BALLOTS.c.id, BALLOTS.c.voter)).all():
        if voter.startswith("p") and voter[1:].isdigit():
            found = bind.execute(sa.select(PARTICIPANTS.c.id).where(PARTICIPANTS.c.id == int(voter[1:]))).scalar()
            if found is not None:
                bind.execute(BALLOTS.update().where(BALLOTS.c.id == ballot_id).values(sender_id=found))


def _problems_from_items(bind: Any) -> None:
    """Back to problem ids (items typed in for a workshop have none: they drop out)."""
    groups = _groups("item_id")
    for workshop_id, stored in bind.execute(sa.select(WORKSHOPS.c.id, WORKSHOPS.c.settings)).all():
        settings = dict(stored or {})
        item_ids = [i for i in settings.pop("items", []) or [] if isinstance(i, int)]
        mapping = {
            r.id: r.problem_id
            for r in bind.execute(sa.select(ITEMS.c.id, ITEMS.c.problem_id).where(ITEMS.c.workshop_id == workshop_id))
            if r.problem_id is not None
        }
        settings["problems"] = [mapping[i] for i in item_ids if i in mapping]
        bind.execute(WORKSHOPS.update().where(WORKSHOPS.c.id == workshop_id).values(settings=settings))
        _remap(bind, workshop_id, mapping)
        round_ids = sa.select(ROUNDS.c.id).where(ROUNDS.c.workshop_id == workshop_id)
        for group_id, item_id in bind.execute(
            sa.select(groups.c.id, groups.c.item_id).where(groups.c.round_id.in_(round_ids))
        ).all():
            if item_id in mapping:
                bind.execute(
                    sa.text("UPDATE workshop_groups SET problem_id = :problem WHERE id = :id"),
                    {"problem": mapping[item_id], "id": group_id},
                )


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "ranking_runs",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("held_on", sa.String(length=40), nullable=True),
        sa.Column("ballots", sa.Integer(), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("kendall_w", sa.Double(), nullable=True),
        sa.Column("solutions", sa.JSON(), nullable=False),
        sa.Column("adopted_seq", sa.Integer(), nullable=True),
        sa.Column("adopted_on", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["town_id"], ["towns.id"], name=op.f("fk_ranking_runs_town_id_towns"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_ranking_runs_workshop_id_workshops"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_runs")),
    )
    with op.batch_alter_table("ranking_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ranking_runs_town_id"), ["town_id"], unique=False)

    op.create_table(
        "ranking_run_items",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=True),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_sl", sa.Text(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("tier", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f("fk_ranking_run_items_problem_id_problems"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ranking_runs.id"], name=op.f("fk_ranking_run_items_run_id_ranking_runs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["towns.id"], name=op.f("fk_ranking_run_items_town_id_towns"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_run_items")),
        sa.UniqueConstraint("run_id", "position", name=op.f("uq_ranking_run_items_run_id")),
    )
    with op.batch_alter_table("ranking_run_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ranking_run_items_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ranking_run_items_town_id"), ["town_id"], unique=False)

    op.create_table(
        "workshop_items",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=True),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_sl", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f("fk_workshop_items_problem_id_problems"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["towns.id"], name=op.f("fk_workshop_items_town_id_towns"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_workshop_items_workshop_id_workshops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_items")),
        sa.UniqueConstraint("workshop_id", "position", name=op.f("uq_workshop_items_workshop_id")),
    )
    with op.batch_alter_table("workshop_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_items_town_id"), ["town_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_workshop_items_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "workshop_presence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=40), nullable=False),
        sa.Column("connections", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["workshop_participants.id"],
            name=op.f("fk_workshop_presence_participant_id_workshop_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_presence_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_presence")),
        sa.UniqueConstraint("participant_id", "worker", name=op.f("uq_workshop_presence_participant_id")),
    )
    with op.batch_alter_table("workshop_presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_presence_workshop_id"), ["workshop_id"], unique=False)

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sender_seq", sa.BigInteger(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_ballots_sender_id_workshop_participants"),
            "workshop_participants",
            ["sender_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("workshop_groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("start", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sheet_versions", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.create_foreign_key(
            batch_op.f("fk_workshop_groups_item_id_workshop_items"),
            "workshop_items",
            ["item_id"],
            ["id"],
            ondelete="SET NULL",
        )

    _items_from_problems(op.get_bind())

    with op.batch_alter_table("workshop_groups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_workshop_groups_problem_id_problems"), type_="foreignkey")
        batch_op.drop_column("problem_id")

    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("workshop_groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("problem_id", sa.INTEGER(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_workshop_groups_problem_id_problems"),
            "problems",
            ["problem_id"],
            ["id"],
            ondelete="SET NULL",
        )

    _problems_from_items(op.get_bind())

    with op.batch_alter_table("workshop_groups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_workshop_groups_item_id_workshop_items"), type_="foreignkey")
        batch_op.drop_column("sheet_versions")
        batch_op.drop_column("start")
        batch_op.drop_column("item_id")

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_ballots_sender_id_workshop_participants"), type_="foreignkey")
        batch_op.drop_column("sender_seq")
        batch_op.drop_column("sender_id")

    with op.batch_alter_table("workshop_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_presence_workshop_id"))

    op.drop_table("workshop_presence")
    with op.batch_alter_table("workshop_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_items_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_items_town_id"))

    op.drop_table("workshop_items")
    with op.batch_alter_table("ranking_run_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ranking_run_items_town_id"))
        batch_op.drop_index(batch_op.f("ix_ranking_run_items_run_id"))

    op.drop_table("ranking_run_items")
    with op.batch_alter_table("ranking_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ranking_runs_town_id"))

    op.drop_table("ranking_runs")
    # ### end Alembic commands ###
