{#- The retention outcome named once in vars: `trig_retention_churned_at`, an
    organisation attribute (date or timestamp) that has a value once the organisation
    churned. Returns the column name, none when unset; a misspelt or non-date attribute
    is a compile error naming the nearest valid attribute. A renewal outcome becomes
    this attribute in the user's organisations model (e.g. the date a renewal was lost).
    See docs/decisions/402-pattern-discovery-bias-guards.md. -#}
{% macro trig_retention_outcome() -%}
  {%- set name = var('trig_retention_churned_at', none) -%}
  {%- if not execute or not name -%}{{ return(none) }}{%- endif -%}
  {%- set types = trig.trig_column_types(ref('trig_organisation_attributes')) -%}
  {%- if name not in types -%}
    {{ trig.trig_config_error('vars', 'trig_retention_churned_at', "'" ~ name ~ "' is not an organisation attribute", name, types.keys() | list) }}
  {%- endif -%}
  {%- if types[name] not in ['date', 'timestamp'] -%}
    {%- set dated = [] -%}
    {%- for column, category in types.items() if category in ['date', 'timestamp'] -%}{%- do dated.append(column) -%}{%- endfor -%}
    {{ trig.trig_config_error('vars', 'trig_retention_churned_at', "'" ~ name ~ "' is a " ~ types[name] ~ " attribute; name a date or timestamp that is set when the organisation churned", name, dated) }}
  {%- endif -%}
  {{ return(name) }}
{%- endmacro %}
