{#- UNION ALL of relations by column name: a column missing from one relation is
    null there (like dbt_utils.union_relations, without the dependency). `columns`
    limits the output to those names (default: every name found, first-seen order).
    `extra`: {relation name: {column: SQL expression}} to add per relation. -#}
{% macro trig_union_by_name(relations, columns=none, extra={}) -%}
  {%- set per_relation = [] -%}
  {%- set names = [] -%}
  {%- for relation in relations -%}
    {%- set found = trig.trig_columns_of(relation) -%}
    {%- do per_relation.append(found) -%}
    {%- for name in found if name not in names -%}{%- do names.append(name) -%}{%- endfor -%}
  {%- endfor -%}
  {%- set wanted = columns if columns is not none else names -%}
  {%- if not execute or not wanted -%}
    {%- for relation in relations -%}select * from {{ relation }}{% if not loop.last %} union all {% endif %}{%- endfor -%}
  {%- else -%}
    {%- for relation in relations -%}
      {%- set found = per_relation[loop.index0] -%}
      {%- set added = extra.get(relation.identifier, {}) -%}
      select
      {%- for name in wanted %}
        {% if name in added %}{{ added[name] }}{% elif name in found %}{{ name }}{% else %}null{% endif %} as {{ name }}{% if not loop.last %},{% endif %}
      {%- endfor %}
      from {{ relation }}
      {% if not loop.last %}union all
      {% endif %}
    {%- endfor -%}
  {%- endif -%}
{%- endmacro %}
