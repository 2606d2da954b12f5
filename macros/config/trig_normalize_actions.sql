{#- Actions are declared as lists of one-key mappings (`- email: {...}`). They are
    checked here (type, required keys) and carried to the pending-actions relation as
    JSON: the runner renders and delivers them. -#}
{% macro trig_action_types() -%}
  {{ return({
    'email': ['subject', 'body'],
    'slack': ['channel', 'text'],
    'hubspot': ['properties'],
    'salesforce': ['properties'],
    'webhook': ['url'],
    'set_attribute': [],
    'route_to': []
  }) }}
{%- endmacro %}

{% macro trig_normalize_action_lists(name, spec) -%}
  {{ return({
    'entered': trig.trig_normalize_actions(name, 'on_entry', spec.get('on_entry') or []),
    'completed': trig.trig_normalize_actions(name, 'on_completion', spec.get('on_completion') or []),
    'exited': trig.trig_normalize_actions(name, 'on_exit', spec.get('on_exit') or [])
  }) }}
{%- endmacro %}

{% macro trig_normalize_actions(name, key, actions) -%}
  {%- if actions is mapping or actions is string -%}
    {{ trig.trig_config_error(name, key, 'expected a list of actions, e.g. `- email: {subject: ..., body: ...}`') }}
  {%- endif -%}
  {%- set result = [] -%}
  {%- for action in actions -%}
    {%- do result.append(trig.trig_normalize_action(name, key ~ '[' ~ loop.index0 ~ ']', action)) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{% macro trig_normalize_action(name, key, action) -%}
  {%- set types = trig.trig_action_types() -%}
  {%- if action is not mapping or action | length != 1 -%}
    {{ trig.trig_config_error(name, key, 'each action is a one-key mapping such as `email: {...}` or `route_to: other_job`') }}
  {%- endif -%}
  {%- set type = action.keys() | list | first -%}
  {%- if type not in types -%}
    {{ trig.trig_config_error(name, key, "unknown action type '" ~ type ~ "'", type, types.keys() | list) }}
  {%- endif -%}
  {%- set config = action[type] -%}
  {%- if type == 'route_to' -%}
    {%- set config = {'object': trig.trig_identifier(config, name ~ ' ' ~ key ~ '.route_to')} if config is string else config -%}
  {%- elif type == 'set_attribute' -%}
    {%- set config = trig.trig_normalize_set_attribute(name, key, config) -%}
  {%- elif config is not mapping -%}
    {{ trig.trig_config_error(name, key ~ '.' ~ type, 'expected a mapping of settings') }}
  {%- endif -%}
  {%- for required in types[type] -%}
    {%- if config.get(required) is none -%}
      {{ trig.trig_config_error(name, key ~ '.' ~ type ~ '.' ~ required, 'is required for a ' ~ type ~ ' action') }}
    {%- endif -%}
  {%- endfor -%}
  {%- if type not in ['route_to', 'set_attribute'] -%}
    {%- set config = trig.trig_extract_fallbacks(name, key ~ '.' ~ type, config) -%}
  {%- endif -%}
  {%- if type == 'webhook' and not modules.re.match('^https?://[^\\s/$.?#][^\\s]*$', config.url | string) -%}
    {{ trig.trig_config_error(name, key ~ '.webhook.url', "'" ~ config.url ~ "' is not an http(s) URL") }}
  {%- endif -%}
  {%- do trig.trig_check_template_syntax(name, key ~ '.' ~ type, config) -%}
  {{ return({'type': type, 'config': config}) }}
{%- endmacro %}

{#- `set_attribute: {completed_onboarding_job: true}` or `{attribute: x, value: y}`. -#}
{% macro trig_normalize_set_attribute(name, key, config) -%}
  {%- if config is not mapping or config | length == 0 -%}
    {{ trig.trig_config_error(name, key ~ '.set_attribute', 'expected `{attribute_name: value}`') }}
  {%- endif -%}
  {%- if 'attribute' in config -%}
    {%- set attribute, value = config.attribute, config.get('value') -%}
  {%- elif config | length == 1 -%}
    {%- set attribute = config.keys() | list | first -%}{%- set value = config[attribute] -%}
  {%- else -%}
    {{ trig.trig_config_error(name, key ~ '.set_attribute', 'set one attribute per action') }}
  {%- endif -%}
  {%- if value is mapping or (value is iterable and value is not string) -%}
    {{ trig.trig_config_error(name, key ~ '.set_attribute.' ~ attribute, 'the value must be a string, number or boolean') }}
  {%- endif -%}
  {{ return({'attribute': trig.trig_identifier(attribute, name ~ ' ' ~ key ~ '.set_attribute'), 'value': value}) }}
{%- endmacro %}

{% macro trig_normalize_follow_ups(name, follow_ups) -%}
  {%- set result = [] -%}
  {%- for follow_up in follow_ups -%}
    {%- set key = 'follow_ups[' ~ loop.index0 ~ ']' -%}
    {%- if follow_up is not mapping or follow_up.get('after') is none -%}
      {{ trig.trig_config_error(name, key, "each follow-up needs `after: '<duration>'` and an action, e.g. `email: {...}`") }}
    {%- endif -%}
    {%- set actions = [] -%}
    {%- for action_key, action_config in follow_up.items() -%}
      {%- if action_key == 'actions' -%}
        {%- for a in trig.trig_normalize_actions(name, key ~ '.actions', action_config) -%}{%- do actions.append(a) -%}{%- endfor -%}
      {%- elif action_key != 'after' -%}
        {%- do actions.append(trig.trig_normalize_action(name, key, {action_key: action_config})) -%}
      {%- endif -%}
    {%- endfor -%}
    {%- do result.append({'step': loop.index, 'delay_s': trig.trig_parse_duration(follow_up.after, name, key ~ '.after'), 'actions': actions}) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- `{first_name|there}`: a placeholder with a fallback for a missing or blank value. The
    text keeps a plain `{first_name}` (so the placeholder is checked against the
    attributes at compile time and its value travels with the action) and the fallback
    goes to the action's `fallbacks` mapping, which the runner applies before rendering.
    Text and one nested level (payloads, CRM properties) are scanned, like the check. -#}
{% macro trig_extract_fallbacks(name, key, config) -%}
  {%- set pattern = '\\{([A-Za-z_][A-Za-z0-9_]*)\\|([^{}|\\r\\n]*)\\}' -%}
  {%- set fallbacks = {} -%}
  {%- set result = {} -%}
  {%- for k, v in config.items() -%}
    {%- if v is string -%}
      {%- do result.update({k: trig.trig_take_fallbacks(name, key ~ '.' ~ k, v, pattern, fallbacks)}) -%}
    {%- elif v is mapping -%}
      {%- set nested = {} -%}
      {%- for k2, v2 in v.items() -%}
        {%- do nested.update({k2: trig.trig_take_fallbacks(name, key ~ '.' ~ k ~ '.' ~ k2, v2, pattern, fallbacks) if v2 is string else v2}) -%}
      {%- endfor -%}
      {%- do result.update({k: nested}) -%}
    {%- else -%}
      {%- do result.update({k: v}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if fallbacks -%}{%- do result.update({'fallbacks': fallbacks}) -%}{%- endif -%}
  {{ return(result) }}
{%- endmacro %}

{% macro trig_take_fallbacks(name, key, text, pattern, fallbacks) -%}
  {%- for placeholder, fallback in modules.re.findall(pattern, text) -%}
    {%- if fallback | trim == '' -%}
      {{ trig.trig_config_error(name, key, "'{" ~ placeholder ~ "|}' has an empty fallback; write e.g. '{" ~ placeholder ~ "|there}'") }}
    {%- endif -%}
    {%- if placeholder in fallbacks and fallbacks[placeholder] != fallback -%}
      {{ trig.trig_config_error(name, key, "'{" ~ placeholder ~ "}' has two different fallbacks ('" ~ fallbacks[placeholder] ~ "' and '" ~ fallback ~ "'); use one per action") }}
    {%- endif -%}
    {%- do fallbacks.update({placeholder: fallback}) -%}
  {%- endfor -%}
  {{ return(modules.re.sub(pattern, '{\\1}', text)) }}
{%- endmacro %}
