{#- A double-precision float. trig.trig_type_double() is single precision on DuckDB. -#}
{% macro trig_type_double() -%}
  {{ return(adapter.dispatch('trig_type_double', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_type_double() -%}double precision{%- endmacro %}

{% macro bigquery__trig_type_double() -%}float64{%- endmacro %}

{% macro duckdb__trig_type_double() -%}double{%- endmacro %}
