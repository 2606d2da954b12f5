{#- Columns of a raw table by normalised name (lower case, no underscores), so one
    model reads both Fivetran's snake_case (`account_id`) and Airbyte's API names
    (`AccountId`), on warehouses that fold to upper case too. Empty at parse time. -#}
{% macro trig_source_columns(relation) -%}
  {%- set found = {} -%}
  {%- if not execute -%}{{ return(found) }}{%- endif -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- do found.update({column.name | lower | replace('_', ''): column.name}) -%}
  {%- endfor -%}
  {{ return(found) }}
{%- endmacro %}
