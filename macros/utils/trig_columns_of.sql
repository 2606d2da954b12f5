{#- Lower-case column names of a relation that can be used unquoted everywhere, minus
    `exclude`. Empty at parse time (the warehouse is only read while executing). -#}
{% macro trig_columns_of(relation, exclude=[]) -%}
  {%- if not execute -%}{{ return([]) }}{%- endif -%}
  {%- set names = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- set name = column.name | lower -%}
    {%- if name not in exclude and modules.re.match('^[a-z_][a-z0-9_]*$', name) -%}
      {%- do names.append(name) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if not exclude -%}{%- do trig.trig_check_input_columns(relation, names) -%}{%- endif -%}
  {{ return(names) }}
{%- endmacro %}

{#- name -> type category (number, string, boolean, date, timestamp, other). -#}
{% macro trig_column_types(relation) -%}
  {%- set types = {} -%}
  {%- if not execute -%}{{ return(types) }}{%- endif -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- do types.update({column.name | lower: trig.trig_type_category(column.dtype)}) -%}
  {%- endfor -%}
  {{ return(types) }}
{%- endmacro %}

{% macro trig_type_category(dtype) -%}
  {%- set d = dtype | lower -%}
  {%- if 'bool' in d -%}{{ return('boolean') }}
  {%- elif 'timestamp' in d or 'datetime' in d -%}{{ return('timestamp') }}
  {%- elif 'date' in d -%}{{ return('date') }}
  {%- elif modules.re.search('int|float|double|decimal|numeric|number|real|hugeint', d) -%}{{ return('number') }}
  {%- elif modules.re.search('char|text|string|uuid', d) -%}{{ return('string') }}
  {%- endif -%}
  {{ return('other') }}
{%- endmacro %}
