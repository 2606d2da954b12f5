{#- Keeps PostgreSQL from materialising a CTE read several times (each reader filters it
    by object, which an inlined CTE turns into an index or partial scan). -#}
{% macro trig_inline_cte() -%}
  {{ return(adapter.dispatch('trig_inline_cte', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_inline_cte() -%}{%- endmacro %}

{% macro postgres__trig_inline_cte() -%}not materialized{%- endmacro %}

{% macro redshift__trig_inline_cte() -%}{%- endmacro %}
