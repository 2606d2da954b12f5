{#- The complementary error function erfc(x) in plain SQL (no warehouse ships erf on
    all five targets). Abramowitz & Stegun 7.1.26: for x >= 0,
        erfc(x) = t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-x^2),  t = 1 / (1 + p x),
    with absolute error below 1.5e-7 everywhere (so p-values are exact to 1e-6, ample
    for a 0.05 threshold); negative x uses erfc(x) = 2 - erfc(-x). |x| is capped at 26
    before exp() because PostgreSQL raises an underflow error past ~exp(-745)
    (erfc(26) is below 1e-290: zero for every purpose here). Override per warehouse with
    dispatch (e.g. a native erf) if you have one. -#}
{% macro trig_erfc(x) -%}
  {{ return(adapter.dispatch('trig_erfc', 'trig')(x)) }}
{%- endmacro %}

{% macro default__trig_erfc(x) -%}
  {%- set ax = 'least(abs(' ~ x ~ '), 26.0)' -%}
  {%- set t = '(1.0 / (1.0 + 0.3275911 * ' ~ ax ~ '))' -%}
  {%- set tail = t ~ ' * (0.254829592 + ' ~ t ~ ' * (-0.284496736 + ' ~ t ~ ' * (1.421413741 + ' ~ t ~ ' * (-1.453152027 + ' ~ t ~ ' * 1.061405429)))) * exp(-(' ~ ax ~ ' * ' ~ ax ~ '))' -%}
  (case when ({{ x }}) < 0 then 2.0 - {{ tail }} else {{ tail }} end)
{%- endmacro %}
