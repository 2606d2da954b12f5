{#- "3 days ago" -> -259200, "90 days from now" -> 7776000, else none. -#}
{% macro trig_relative_seconds(value) -%}
  {%- set units = {'minute': 60, 'hour': 3600, 'day': 86400, 'week': 604800} -%}
  {%- set m = modules.re.match('^\\s*(\\d+)\\s*(minute|hour|day|week)s?\\s+(ago|from now)\\s*$', value | string) -%}
  {%- if m is none -%}{{ return(none) }}{%- endif -%}
  {%- set seconds = (m.group(1) | int) * units[m.group(2)] -%}
  {{ return(-seconds if m.group(3) == 'ago' else seconds) }}
{%- endmacro %}

{#- The seeds' `> 1 day ago` reads both ways; we refuse it and say what to write. -#}
{% macro trig_is_ambiguous_relative(value) -%}
  {{ return(value is string and modules.re.match('^\\s*[<>]=?\\s*\\d+\\s*\\w+\\s+(ago|from now)\\s*$', value) is not none) }}
{%- endmacro %}
