{#- An entity's holdout bucket, 0..9999: the first seven hex digits of
    md5(<salt> || '|' || <key>) read as an integer, modulo 10,000. The same on every
    warehouse (md5 and hex digits are standard; no warehouse-specific hash functions),
    reproducible in one line of Python:
        int(hashlib.md5(f"{salt}|{key}".encode()).hexdigest()[:7], 16) % 10000
    See docs/decisions/401-holdout-assignment.md. -#}
{% macro trig_holdout_bucket(salt_sql, key_sql) -%}
  {{ return(adapter.dispatch('trig_holdout_bucket', 'trig')(salt_sql, key_sql)) }}
{%- endmacro %}

{% macro default__trig_holdout_bucket(salt_sql, key_sql) -%}
  {%- set h = trig.trig_md5([salt_sql, key_sql]) -%}
  {%- set digits = [] -%}
  {%- for i in range(1, 8) -%}
    {%- do digits.append('(' ~ dbt.position('substr(' ~ h ~ ', ' ~ i ~ ', 1)', "'0123456789abcdef'") ~ ' - 1) * ' ~ (16 ** (7 - i))) -%}
  {%- endfor -%}
  mod({{ digits | join(' + ') }}, 10000)
{%- endmacro %}
