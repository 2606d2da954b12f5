{#- The diff-table contract version this package writes (see trig_package_version). -#}
{% macro trig_contract_version() -%}
  {{ return(1) }}
{%- endmacro %}
