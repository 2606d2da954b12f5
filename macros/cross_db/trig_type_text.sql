{#- A string type for unbounded text: event properties, JSON attributes, action
    configurations and messages. Elsewhere dbt.type_string() is enough. -#}
{% macro trig_type_text() -%}
  {{ return(adapter.dispatch('trig_type_text', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_type_text() -%}{{ dbt.type_string() }}{%- endmacro %}

{#- Redshift's TEXT (what dbt.type_string() gives) is VARCHAR(256): longer JSON would
    be cut or refused, so take the largest VARCHAR. -#}
{% macro redshift__trig_type_text() -%}varchar(65535){%- endmacro %}
