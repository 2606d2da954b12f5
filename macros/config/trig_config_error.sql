{#- Every configuration mistake goes through here, so each message names the object,
    the key and (when there is one) the nearest valid name. -#}
{% macro trig_config_error(object_name, key, message, name=none, candidates=none) -%}
  {%- set msg = "trig: object '" ~ object_name ~ "', key '" ~ key ~ "': " ~ message -%}
  {%- if name is not none and candidates -%}
    {#- a reference never suggests the object that makes it (a job routing to itself) -#}
    {%- set nearest = trig.trig_nearest_name(name, candidates | reject('equalto', object_name) | list) -%}
    {%- if nearest -%}{%- set msg = msg ~ " (did you mean '" ~ nearest ~ "'?)" -%}{%- endif -%}
  {%- endif -%}
  {{ exceptions.raise_compiler_error(msg) }}
{%- endmacro %}
