{#- The most columns a table or view may have (none: no practical limit). The wide
    attribute views trim their aliases, then organisation columns on person rows, to fit. -#}
{% macro trig_max_columns() -%}
  {{ return(adapter.dispatch('trig_max_columns', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_max_columns() -%}{{ return(none) }}{%- endmacro %}

{% macro postgres__trig_max_columns() -%}{{ return(1600) }}{%- endmacro %}

{% macro redshift__trig_max_columns() -%}{{ return(1600) }}{%- endmacro %}

{% macro snowflake__trig_max_columns() -%}{{ return(10000) }}{%- endmacro %}

{% macro bigquery__trig_max_columns() -%}{{ return(10000) }}{%- endmacro %}
