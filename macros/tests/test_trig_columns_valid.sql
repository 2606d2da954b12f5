{#- Every column rule of one model in one query, one failing row per broken rule
    (rule, column_name, failing_rows). One node instead of one per column and rule: each
    dbt test node costs a query and its overhead on every build (ADR 010).

    newest_by: check only the rows of the newest value of this column (the last
    evaluation of an append-only log; older rows were checked when they were written).
    `unique` still compares those rows with every older row.

    references: {column: relation}, each checked row's non-null value of the column must
    be a value of the same column in the relation (dbt's `relationships`, over the
    checked rows only). -#}
{% test trig_columns_valid(model, not_null=[], accepted_values={}, unique=none, newest_by=none, references={}) %}
{%- set columns = [] -%}
{%- for column in not_null + (accepted_values | list) + (references | list) + [unique, newest_by] -%}
  {%- if column and column not in columns %}{% do columns.append(column) %}{% endif -%}
{%- endfor %}
{#- Only the checked columns: PostgreSQL materialises a CTE read more than once, and
    `select *` of a wide view would compute every column (the generated attributes'
    pivot) before the keys are counted. -#}
with checked as (
    select {{ columns | join(', ') if columns else '*' }} from {{ model }}
    {%- if newest_by %}
    where {{ newest_by }} = (select max({{ newest_by }}) from {{ model }})
    {%- endif %}
),

failures as (
    {%- for column in not_null %}
    select 'not_null' as rule, '{{ column }}' as column_name, count(*) as failing_rows
    from checked where {{ column }} is null
    union all
    {%- endfor %}
    {%- for column, values in accepted_values.items() %}
    select 'accepted_values' as rule, '{{ column }}' as column_name, count(*) as failing_rows
    from checked
    where {{ column }} is not null and {{ column }} not in (
        {%- for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
    )
    union all
    {%- endfor %}
    {%- for column, parent in references.items() %}
    select 'references' as rule, '{{ column }}' as column_name, count(*) as failing_rows
    from checked
    where {{ column }} is not null and not exists (
        select 1 from {{ parent }} as parent where parent.{{ column }} = checked.{{ column }}
    )
    union all
    {%- endfor %}
    {%- if unique %}
    select 'unique' as rule, '{{ unique }}' as column_name, count(*) as failing_rows
    from (
        select {{ unique }} from checked
        where {{ unique }} is not null
        group by {{ unique }}
        having count(*) > 1
        {%- if newest_by %}
        union all
        select checked.{{ unique }} from checked
        inner join {{ model }} as older
            on older.{{ unique }} = checked.{{ unique }}
            and older.{{ newest_by }} < checked.{{ newest_by }}
        {%- endif %}
    ) as repeated
    union all
    {%- endif %}
    select 'none' as rule, 'none' as column_name, 0 as failing_rows
)

select rule, column_name, failing_rows from failures where failing_rows > 0
{% endtest %}
