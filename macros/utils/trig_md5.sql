{#- Deterministic id from several SQL expressions (null-safe, '|' separated). -#}
{% macro trig_md5(expressions) -%}
  {%- set parts = [] -%}
  {%- for e in expressions -%}
    {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- do parts.append("coalesce(cast(" ~ e ~ " as " ~ dbt.type_string() ~ "), '~')") -%}
  {%- endfor -%}
  {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
