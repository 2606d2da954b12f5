{#- The set operator that removes duplicate rows. -#}
{% macro trig_union_distinct() -%}
  {{ return(adapter.dispatch('trig_union_distinct', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_union_distinct() -%}union{%- endmacro %}

{#- BigQuery refuses a bare UNION: it must be spelled UNION DISTINCT (or ALL). -#}
{% macro bigquery__trig_union_distinct() -%}union distinct{%- endmacro %}
