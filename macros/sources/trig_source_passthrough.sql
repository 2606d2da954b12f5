{#- Extra columns of a raw table carried through as attributes, from a var holding a
    list of column names or `{name, alias}` entries (the connectors' packages' form;
    `transform_sql` is refused: configuration never becomes SQL). Returns
    `quoted_column as alias` strings; a missing column is a compile error. -#}
{% macro trig_source_passthrough(columns, relation, var_name, prefix=none) -%}
  {%- set result = [] -%}
  {%- for entry in var(var_name, []) or [] -%}
    {%- set spec = {'name': entry} if entry is string else entry -%}
    {%- if spec.get('transform_sql') -%}
      {{ exceptions.raise_compiler_error("trig: var '" ~ var_name ~ "': 'transform_sql' is not supported (configuration never becomes SQL); use a column name and an alias, and transform in your own model") }}
    {%- endif -%}
    {%- set alias = trig.trig_identifier((spec.get('alias') or spec.get('name')) | lower, "var '" ~ var_name ~ "' alias") -%}
    {%- if execute -%}
      {%- set expression = trig.trig_source_column(columns, relation, [spec.get('name')], required=true, prefix=prefix) -%}
      {%- do result.append(expression ~ ' as ' ~ alias) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- The aliases a passthrough var adds (to carry them through later models). -#}
{% macro trig_passthrough_aliases(var_name) -%}
  {%- set result = [] -%}
  {%- for entry in var(var_name, []) or [] -%}
    {%- set spec = {'name': entry} if entry is string else entry -%}
    {%- do result.append((spec.get('alias') or spec.get('name')) | lower) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}
