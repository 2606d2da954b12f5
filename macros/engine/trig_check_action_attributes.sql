{#- Attribute names an action relies on are checked when dbt compiles: recipient and
    sender attributes, CRM id attributes, and every {placeholder} in message fields.
    Emails are rendered with the recipient person's attributes (which include their
    organisation's); everything else with the entity's. -#}
{% macro trig_check_action_attributes(d, catalogs) -%}
  {%- set a = d.action -%}
  {%- set audience = 'person' if a.type == 'email' else d.object.entity -%}
  {%- set catalog = catalogs[audience] -%}
  {%- set key = trig.trig_action_key(d) -%}
  {%- for setting in ['to', 'from_attribute', 'id_attribute'] -%}
    {%- set name = a.config.get(setting) if a.config is mapping else none -%}
    {%- if name is not none and name not in ['people', 'person'] and name not in catalog -%}
      {{ trig.trig_config_error(d.object.name, key ~ '.' ~ setting, "unknown attribute '" ~ name ~ "' for " ~ audience ~ "s", name, catalog.keys() | list) }}
    {%- endif -%}
  {%- endfor -%}
  {%- if a.type == 'email' and a.config.get('to') is none and d.object.entity == 'organisation' -%}
    {%- set default_to = trig.trig_default_organisation_email_to() -%}
    {%- if default_to not in catalogs['organisation'] -%}
      {%- do exceptions.warn("trig: object '" ~ d.object.name ~ "', key '" ~ key ~ ".to': organisations have no '" ~ default_to ~ "' attribute (var trig_organisation_email_to), so this email goes to every person of the organisation. Set `to:` to an attribute holding one contact's address, or write `to: people` to keep this.") -%}
    {%- endif -%}
  {%- endif -%}
  {%- for field in trig.trig_template_fields(a.config) -%}
    {%- for name in modules.re.findall('\\{([A-Za-z_][A-Za-z0-9_]*)\\}', field.text) -%}
      {%- if name not in catalog -%}
        {{ trig.trig_config_error(d.object.name, key ~ '.' ~ field.path, "unknown placeholder '{" ~ name ~ "}'", name, catalog.keys() | list) }}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
{%- endmacro %}

{% macro trig_action_key(d) -%}
  {%- if d.get('key') -%}{{ return(d.key ~ '[' ~ d.index ~ '].' ~ d.action.type) }}{%- endif -%}
  {%- set section = {'entered': 'on_entry', 'completed': 'on_completion', 'exited': 'on_exit'}.get(d.transition_type) -%}
  {%- if section is none -%}{{ return('follow_ups[' ~ (d.step - 1) ~ '].' ~ d.action.type) }}{%- endif -%}
  {{ return(section ~ '[' ~ d.index ~ '].' ~ d.action.type) }}
{%- endmacro %}

{#- Every text value inside an action's settings, with its path (payloads and CRM
    properties nest one level). -#}
{% macro trig_template_fields(config) -%}
  {%- set fields = [] -%}
  {%- if config is mapping -%}
    {%- for k, v in config.items() -%}
      {%- if v is string -%}{%- do fields.append({'path': k, 'text': v}) -%}
      {%- elif v is mapping -%}
        {%- for k2, v2 in v.items() if v2 is string -%}{%- do fields.append({'path': k ~ '.' ~ k2, 'text': v2}) -%}{%- endfor -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(fields) }}
{%- endmacro %}

{#- The attribute columns one action's message needs, in the order of `columns`. -#}
{% macro trig_message_columns(action, columns, entity=none, org_columns=[]) -%}
  {%- if action.type == 'webhook' and action.config.get('payload') is none -%}{{ return(columns) }}{%- endif -%}
  {%- set wanted = ['organisation_id', 'person_id', 'email', 'first_name', 'organisation_name'] -%}
  {%- for setting in ['to', 'from_attribute', 'id_attribute'] if action.config.get(setting) -%}
    {%- do wanted.append(action.config[setting]) -%}
  {%- endfor -%}
  {%- if action.type == 'email' -%}{%- do wanted.append(trig.trig_email_to(action, entity, org_columns)) -%}{%- endif -%}
  {%- for field in trig.trig_template_fields(action.config) -%}
    {%- for name in modules.re.findall('\\{([A-Za-z_][A-Za-z0-9_]*)\\}', field.text) -%}{%- do wanted.append(name) -%}{%- endfor -%}
  {%- endfor -%}
  {{ return(columns | select('in', wanted) | list) }}
{%- endmacro %}
