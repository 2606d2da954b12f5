{#- "10 days", "1 week", "12 hours", "30 minutes" -> seconds. Anything else is a
    config error: durations are never passed to SQL as text. -#}
{% macro trig_parse_duration(value, object_name, key) -%}
  {%- set units = {'second': 1, 'minute': 60, 'hour': 3600, 'day': 86400, 'week': 604800} -%}
  {%- set m = modules.re.match('^\\s*(\\d+)\\s*(second|minute|hour|day|week)s?\\s*$', value | string) -%}
  {%- if m is none -%}
    {{ trig.trig_config_error(object_name, key, "'" ~ value ~ "' is not a duration; write e.g. '10 days', '1 week', '12 hours'") }}
  {%- endif -%}
  {{ return((m.group(1) | int) * units[m.group(2)]) }}
{%- endmacro %}
