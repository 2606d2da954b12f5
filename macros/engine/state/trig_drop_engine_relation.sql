{#- Drops one of the engine's work tables (a post-hook once its rows are used). -#}
{% macro trig_drop_engine_relation(identifier) -%}
  {%- if execute -%}{%- do adapter.drop_relation(trig.trig_engine_relation(identifier)) -%}{%- endif -%}
  {{ return('') }}
{%- endmacro %}
