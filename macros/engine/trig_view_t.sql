{#- T for a view: a scalar subquery over int_trig__evaluation_time rather than a literal,
    so the view's SQL does not change with each evaluation (ADR 011). Models built as
    tables keep trig_t(). Call it outside `if execute` so dbt records the dependency. -#}
{% macro trig_view_t() -%}
  {{ return('(select evaluated_at from ' ~ ref('trig', 'int_trig__evaluation_time') ~ ')') }}
{%- endmacro %}
