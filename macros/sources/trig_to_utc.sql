{#- A timestamp written in a named time zone (a wall-clock value, without zone), as
    the UTC timestamp without zone the engine compares. -#}
{% macro trig_to_utc(expression, time_zone) -%}
  {%- if (time_zone or 'UTC') | upper in ['UTC', 'ETC/UTC', 'GMT'] -%}
    {{ return('cast(' ~ expression ~ ' as ' ~ dbt.type_timestamp() ~ ')') }}
  {%- endif -%}
  {%- if not modules.re.match('^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$', time_zone | string) -%}
    {{ exceptions.raise_compiler_error("trig: time zone '" ~ time_zone ~ "' is not a valid IANA name (e.g. 'America/New_York')") }}
  {%- endif -%}
  {{ return(adapter.dispatch('trig_to_utc', 'trig')(expression, time_zone)) }}
{%- endmacro %}

{% macro default__trig_to_utc(expression, time_zone) -%}
  cast((cast({{ expression }} as {{ dbt.type_timestamp() }}) at time zone '{{ time_zone }}') at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro snowflake__trig_to_utc(expression, time_zone) -%}
  convert_timezone('{{ time_zone }}', 'UTC', cast({{ expression }} as timestamp_ntz))
{%- endmacro %}

{% macro redshift__trig_to_utc(expression, time_zone) -%}
  convert_timezone('{{ time_zone }}', 'UTC', cast({{ expression }} as timestamp))
{%- endmacro %}

{% macro bigquery__trig_to_utc(expression, time_zone) -%}
  timestamp(datetime(cast({{ expression }} as datetime)), '{{ time_zone }}')
{%- endmacro %}
