{#- One attribute condition as a SQL boolean. Values are rendered as typed literals;
    column names come from the catalogue (never from free text). "Not equal" and
    "not in" include entities with no value, as a CS lead reading them would expect. -#}
{% macro trig_attribute_condition_sql(leaf, t, attrs) -%}
  {%- set col = attrs ~ '.' ~ leaf.column -%}
  {%- set op, value = leaf.op, leaf.value -%}
  {%- if leaf.relative_s is not none -%}{{ return(trig.trig_relative_condition_sql(leaf, col, t)) }}{%- endif -%}
  {%- if op == 'has_any_value' -%}
    {{ return('(' ~ col ~ ' is not null' ~ (" and " ~ col ~ " <> ''" if leaf.type == 'string' else '') ~ ')') }}
  {%- elif op == 'has_no_value' -%}
    {{ return('(' ~ col ~ ' is null' ~ (" or " ~ col ~ " = ''" if leaf.type == 'string' else '') ~ ')') }}
  {%- elif op in ['in', 'not_in'] -%}
    {%- set items = [] -%}
    {%- for v in value -%}{%- do items.append(trig.trig_value_sql(leaf.type, v)) -%}{%- endfor -%}
    {%- if op == 'in' -%}{{ return('(' ~ col ~ ' in (' ~ items | join(', ') ~ '))') }}{%- endif -%}
    {{ return('(' ~ col ~ ' is null or ' ~ col ~ ' not in (' ~ items | join(', ') ~ '))') }}
  {%- elif op == 'contains' -%}
    {{ return('(' ~ dbt.position(trig.trig_string_literal(value), col) ~ ' > 0)') }}
  {%- elif op == 'not_equals' -%}
    {{ return('(' ~ col ~ ' is null or ' ~ col ~ ' <> ' ~ trig.trig_value_sql(leaf.type, value) ~ ')') }}
  {%- endif -%}
  {%- set symbol = {'equals': '=', 'greater_than': '>', 'at_least': '>=', 'less_than': '<', 'at_most': '<=', 'before': '<', 'after': '>'}[op] -%}
  {{ return('(' ~ trig.trig_comparable(leaf.type, col) ~ ' ' ~ symbol ~ ' ' ~ trig.trig_value_sql(leaf.type, value) ~ ')') }}
{%- endmacro %}

{#- Dates are compared as timestamps so a date column and T mix on every warehouse. -#}
{% macro trig_comparable(type, col) -%}
  {{ return('cast(' ~ col ~ ' as ' ~ dbt.type_timestamp() ~ ')' if type == 'date' else col) }}
{%- endmacro %}

{% macro trig_value_sql(type, value) -%}
  {%- if type in ['date', 'timestamp'] -%}
    {{ return(trig.trig_timestamp_literal(value | replace('T', ' ') if (value | length) > 10 else value ~ ' 00:00:00')) }}
  {%- endif -%}
  {{ return(trig.trig_literal(value)) }}
{%- endmacro %}

{#- more_than '3 days ago' : earlier than T-3d.   less_than '3 days ago' : in (T-3d, T].
    more_than '9 days from now' : later than T+9d. less_than '9 days from now' : in [T, T+9d).
    within_next '90 days' : in [T, T+90d].        within_last '30 days' : in [T-30d, T]. -#}
{% macro trig_relative_condition_sql(leaf, col, t) -%}
  {%- set c = trig.trig_comparable(leaf.type, col) -%}
  {%- set s = leaf.relative_s -%}
  {%- if leaf.op == 'within_next' -%}
    {{ return('(' ~ c ~ ' >= ' ~ t ~ ' and ' ~ c ~ ' <= ' ~ dbt.dateadd('second', s, t) ~ ')') }}
  {%- elif leaf.op == 'within_last' -%}
    {{ return('(' ~ c ~ ' >= ' ~ dbt.dateadd('second', -s, t) ~ ' and ' ~ c ~ ' <= ' ~ t ~ ')') }}
  {%- endif -%}
  {%- set moment = dbt.dateadd('second', s, t) -%}
  {%- if leaf.op == 'more_than' -%}
    {{ return('(' ~ c ~ (' < ' if s < 0 else ' > ') ~ moment ~ ')') }}
  {%- endif -%}
  {%- if s < 0 -%}
    {{ return('(' ~ c ~ ' > ' ~ moment ~ ' and ' ~ c ~ ' <= ' ~ t ~ ')') }}
  {%- endif -%}
  {{ return('(' ~ c ~ ' >= ' ~ t ~ ' and ' ~ c ~ ' < ' ~ moment ~ ')') }}
{%- endmacro %}
