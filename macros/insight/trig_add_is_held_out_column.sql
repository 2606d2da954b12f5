{#- Upgrade path for deployments whose transition log predates holdouts: the model is
    incremental with on_schema_change='fail', so the new column is added here, before
    the model's schema check, instead of failing the run or asking for a full refresh
    (which would rebuild history). Old rows get null, read as "not held out": no job
    had a holdout before this column existed. Runs as a pre-hook of trig_transitions
    (dbt_project.yml). -#}
{% macro trig_add_is_held_out_column(relation) -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set existing = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
  {%- if existing is none or existing.is_view -%}{{ return('') }}{%- endif -%}
  {%- set names = adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list -%}
  {%- if 'is_held_out' in names -%}{{ return('') }}{%- endif -%}
  alter table {{ existing }} add column is_held_out {{ dbt.type_boolean() }}
{%- endmacro %}
