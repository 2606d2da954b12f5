{#- The attribute an email is addressed to. A person-level email goes to the person
    unless `to` names an attribute. An organisation-level email without `to` goes to one
    person: the address in the attribute named by var `trig_organisation_email_to`
    (default `owner_email`). Only when the organisations have no such attribute does it
    go to every person of the organisation, with a compile-time warning; `to: people`
    says so explicitly (ADR 208). `org_columns`: the organisation attribute columns. -#}
{% macro trig_email_to(action, entity, org_columns) -%}
  {%- set to = action.config.get('to') if action.config is mapping else none -%}
  {%- if to is none and entity == 'organisation' -%}
    {%- set default_to = trig.trig_default_organisation_email_to() -%}
    {%- if default_to | lower in (org_columns | map('lower') | list) -%}
      {{ return(default_to) }}
    {%- endif -%}
  {%- endif -%}
  {{ return(to) }}
{%- endmacro %}

{% macro trig_default_organisation_email_to() -%}
  {{ return(var('trig_organisation_email_to', 'owner_email')) }}
{%- endmacro %}
