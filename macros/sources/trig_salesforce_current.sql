{#- Which versions of a Salesforce row to keep: not deleted, and either the current
    version (`_fivetran_active`, null when history mode is off) or, with var
    `salesforce_history_mode: true`, the version that was valid at the evaluation
    time T (`_fivetran_start <= T < _fivetran_end`), so a replay sees the values the
    customer had then. Tables synced without history (no `_fivetran_start`) keep
    their current version. -#}
{% macro trig_salesforce_current(columns, relation) -%}
  {%- set deleted = trig.trig_is_true(trig.trig_source_column(columns, relation, 'is_deleted')) -%}
  {%- if var('salesforce_history_mode', false) and (not execute or 'fivetranstart' in columns) -%}
    {%- set t = trig.trig_t() -%}
    {%- set start = trig.trig_source_column(columns, relation, '_fivetran_start', required=true) -%}
    {%- set end = trig.trig_source_column(columns, relation, '_fivetran_end', required=true) -%}
    not {{ deleted }} and cast({{ start }} as {{ dbt.type_timestamp() }}) <= {{ t }}
    and (cast({{ end }} as {{ dbt.type_timestamp() }}) > {{ t }} or {{ end }} is null)
  {%- else -%}
    not {{ deleted }} and coalesce(cast({{ trig.trig_source_column(columns, relation, '_fivetran_active') }} as {{ dbt.type_boolean() }}), true)
  {%- endif -%}
{%- endmacro %}
