{#- The candidate closest to `name` by edit distance (Levenshtein), or none when
    nothing is reasonably close. Jinja has no difflib, so the DP table is a list. -#}
{% macro trig_nearest_name(name, candidates) -%}
  {#- a truncated or partial name ("greater") means the shortest name containing it -#}
  {%- set partial = namespace(name=none) -%}
  {%- for candidate in candidates if (name | string | length) >= 3 and (name | string) in (candidate | string) -%}
    {%- if partial.name is none or (candidate | length) < (partial.name | length) -%}{%- set partial.name = candidate -%}{%- endif -%}
  {%- endfor -%}
  {%- if partial.name is not none -%}{{ return(partial.name) }}{%- endif -%}
  {%- set best = namespace(name=none, distance=999) -%}
  {%- for candidate in candidates | sort -%}
    {%- set d = trig.trig_edit_distance(name | string, candidate | string) | int -%}
    {%- if d < best.distance -%}
      {%- set best.name = candidate -%}{%- set best.distance = d -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if best.name is not none and best.distance <= [3, ((name | string | length) / 2) | round(0, 'ceil') | int] | max -%}
    {{ return(best.name) }}
  {%- endif -%}
  {{ return(none) }}
{%- endmacro %}

{% macro trig_edit_distance(a, b) -%}
  {%- set dp = namespace(previous=range(b | length + 1) | list) -%}
  {%- for i in range(1, a | length + 1) -%}
    {%- set current = [i] -%}
    {%- for j in range(1, b | length + 1) -%}
      {%- set cost = 0 if a[i - 1] == b[j - 1] else 1 -%}
      {%- do current.append([dp.previous[j] + 1, current[j - 1] + 1, dp.previous[j - 1] + cost] | min) -%}
    {%- endfor -%}
    {%- set dp.previous = current -%}
  {%- endfor -%}
  {{ return(dp.previous[b | length]) }}
{%- endmacro %}
