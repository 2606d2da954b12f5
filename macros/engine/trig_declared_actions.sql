{#- Every declared action with the transition that triggers it:
    [{object, entity, status, transition_type, step, index, type, config}]. -#}
{% macro trig_declared_actions() -%}
  {%- set result = [] -%}
  {%- set objects = trig.trig_objects() -%}
  {#- a Signal's actions fire on its raise (docs/decisions/406-positive-signals.md) -#}
  {%- for stage in objects if stage.kind == 'stage' -%}
    {%- for sig in trig.trig_stage_signals(stage, objects) -%}
      {%- set pseudo = {'name': sig.name, 'kind': 'signal', 'entity': sig.entity, 'status': 'live'} -%}
      {%- for a in sig.actions -%}
        {%- do result.append({'object': pseudo, 'transition_type': 'signal_raised', 'step': 0, 'index': loop.index0, 'action': a, 'key': sig.key}) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for o in objects if o.kind != 'cohort' -%}
    {%- for transition_type, actions in o.actions.items() -%}
      {%- for a in actions -%}
        {%- do result.append({'object': o, 'transition_type': transition_type, 'step': 0, 'index': loop.index0, 'action': a}) -%}
      {%- endfor -%}
    {%- endfor -%}
    {%- set entry_email = (o.actions.entered | selectattr('type', 'equalto', 'email') | list or [none])[0] -%}
    {%- for f in o.follow_ups -%}
      {%- for a in f.actions -%}
        {%- set action = trig.trig_follow_up_action(a, entry_email) -%}
        {%- do result.append({'object': o, 'transition_type': 'follow_up_due', 'step': f.step, 'index': loop.index0, 'action': action}) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- Who receives one declared action, as SQL over `t` (the transition), `ent` (the
    entity's attribute row) and `p` (a person row, joined only for emails);
    `org_columns` decides an organisation email's default recipient (ADR 208). -#}
{% macro trig_action_recipient(d, org_columns) -%}
  {%- set a = d.action -%}
  {%- if a.type == 'email' -%}
    {%- set to = trig.trig_email_to(a, d.object.entity, org_columns) -%}
    {%- if to is none or to in ['people', 'person'] -%}{{ return({'sql': 'p.email', 'join': 'people' if d.object.entity == 'organisation' else 'person'}) }}{%- endif -%}
    {{ return({'sql': 'ent.' ~ trig.trig_identifier(to, d.object.name ~ ' email.to'), 'join': none}) }}
  {%- elif a.type == 'slack' -%}{{ return({'sql': trig.trig_string_literal(a.config.channel), 'join': none}) }}
  {%- elif a.type == 'webhook' -%}{{ return({'sql': trig.trig_string_literal(a.config.url), 'join': none}) }}
  {%- elif a.type in ['hubspot', 'salesforce'] -%}
    {%- set id_attribute = a.config.get('id_attribute', 'hubspot_company_id' if a.type == 'hubspot' else 'salesforce_account_id') -%}
    {{ return({'sql': 'cast(ent.' ~ trig.trig_identifier(id_attribute, d.object.name ~ ' ' ~ a.type ~ '.id_attribute') ~ ' as ' ~ dbt.type_string() ~ ')', 'join': none}) }}
  {%- elif a.type == 'set_attribute' -%}{{ return({'sql': trig.trig_string_literal(a.config.attribute), 'join': none}) }}
  {%- endif -%}
  {{ return({'sql': trig.trig_string_literal(a.config.object), 'join': none}) }}
{%- endmacro %}

{#- A follow-up email is a reply in the entry email's thread: it keeps the entry
    email's sender and recipients unless it names its own, and says it replies to the
    entry. -#}
{% macro trig_follow_up_action(action, entry_email) -%}
  {%- if action.type != 'email' -%}{{ return(action) }}{%- endif -%}
  {%- set config = {'in_reply_to_entry': entry_email is not none} -%}
  {%- if entry_email is not none and action.config.get('from') is none and action.config.get('from_attribute') is none -%}
    {%- for key in ['from', 'from_attribute'] if entry_email.config.get(key) is not none -%}
      {%- do config.update({key: entry_email.config[key]}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- if entry_email is not none and action.config.get('to') is none and entry_email.config.get('to') is not none -%}
    {%- do config.update({'to': entry_email.config.to}) -%}
  {%- endif -%}
  {%- do config.update(action.config) -%}
  {{ return({'type': 'email', 'config': config}) }}
{%- endmacro %}
