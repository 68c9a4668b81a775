using System.Collections.Frozen;

namespace Omniman.OperatorConsole.Text;

/// <summary>
/// The console's words. Pages write them in English; Portuguese has its own table, and a word
/// missing from it shows in English rather than not at all. Statuses of the default flow are
/// translated too; a channel's own statuses show as the channel names them.
/// </summary>
public sealed class Texts(string language)
{
    public string Language => language;

    public string this[string english] =>
        language == ConsoleLanguages.Portuguese && Portuguese.TryGetValue(english, out var text) ? text : english;

    /// <summary>A status as people read it: the default flow's in the operator's language, any other as the channel wrote it.</summary>
    public string Status(string status) => Named("status:", status);

    /// <summary>A role as people read it (<c>operador</c> for <c>operator</c> in Portuguese).</summary>
    public string Role(string role) => Named("role:", role);

    private string Named(string kind, string name) => this[kind + name] is var text && text.StartsWith(kind, StringComparison.Ordinal) ? name : text;

    private static readonly FrozenDictionary<string, string> Portuguese = new Dictionary<string, string>
    {
        ["status:new"] = "novo",
        ["status:confirmed"] = "confirmado",
        ["status:processing"] = "em preparo",
        ["status:ready"] = "pronto",
        ["status:dispatched"] = "despachado",
        ["status:delivered"] = "entregue",
        ["status:completed"] = "concluído",
        ["status:cancelled"] = "cancelado",
        ["status:returned"] = "devolvido",
        ["status:open"] = "aberta",
        ["status:committed"] = "fechada",
        ["status:abandoned"] = "abandonada",
        ["status:queued"] = "na fila",
        ["status:running"] = "em execução",
        ["status:done"] = "feita",
        ["status:failed"] = "falhou",
        ["Operator console"] = "Console do operador",
        ["Sign in"] = "Entrar",
        ["Sign out"] = "Sair",
        ["User name"] = "Usuário",
        ["Password"] = "Senha",
        ["Wrong user name or password."] = "Usuário ou senha incorretos.",
        ["Too many wrong passwords: this user is locked until {0}."] = "Senhas erradas demais: este usuário está bloqueado até {0}.",
        ["This user is disabled."] = "Este usuário está desativado.",
        ["Orders"] = "Pedidos",
        ["Order"] = "Pedido",
        ["Sessions"] = "Sessões",
        ["Session"] = "Sessão",
        ["Directives"] = "Diretivas",
        ["Stock"] = "Estoque",
        ["Channels"] = "Canais",
        ["Channel"] = "Canal",
        ["Products"] = "Produtos",
        ["Promotions"] = "Promoções",
        ["API keys"] = "Chaves de API",
        ["Users"] = "Usuários",
        ["Preferences"] = "Preferências",
        ["Language"] = "Idioma",
        ["Time zone"] = "Fuso horário",
        ["As the browser asks"] = "Como o navegador pedir",
        ["The server's ({0})"] = "O do servidor ({0})",
        ["Save"] = "Salvar",
        ["Saved."] = "Salvo.",
        ["All channels"] = "Todos os canais",
        ["Search"] = "Buscar",
        ["Ref, handle or external id"] = "Ref, identificador ou id externo",
        ["Filter"] = "Filtrar",
        ["No orders."] = "Nenhum pedido.",
        ["Live: new orders and moves show here as they happen."] = "Ao vivo: pedidos novos e mudanças aparecem aqui na hora.",
        ["Live updates are off; reload the page to see changes."] = "Atualização ao vivo desligada; recarregue a página para ver mudanças.",
        ["Reload"] = "Recarregar",
        ["Move to {0}"] = "Mover para {0}",
        ["Items"] = "Itens",
        ["SKU"] = "SKU",
        ["Name"] = "Nome",
        ["Quantity"] = "Quantidade",
        ["Unit price"] = "Preço unitário",
        ["Line total"] = "Total da linha",
        ["Subtotal"] = "Subtotal",
        ["Discount"] = "Desconto",
        ["Fees"] = "Taxas",
        ["Total"] = "Total",
        ["Pricing trace"] = "Origem dos preços",
        ["Source"] = "Origem",
        ["Promotion"] = "Promoção",
        ["Payments"] = "Pagamentos",
        ["Backend"] = "Meio",
        ["Amount"] = "Valor",
        ["Captured"] = "Capturado",
        ["Refunded"] = "Estornado",
        ["Status"] = "Situação",
        ["Timeline"] = "Linha do tempo",
        ["When"] = "Quando",
        ["Event"] = "Evento",
        ["Actor"] = "Quem",
        ["Details"] = "Detalhes",
        ["Moves"] = "Mudar situação",
        ["This order is {0}; it cannot move any more."] = "Este pedido está {0}; não muda mais.",
        ["Cancel the order"] = "Cancelar o pedido",
        ["Reason"] = "Motivo",
        ["A reason is required to cancel."] = "Informe o motivo do cancelamento.",
        ["Add a note"] = "Adicionar uma nota",
        ["Note"] = "Nota",
        ["Write a note first."] = "Escreva a nota primeiro.",
        ["Created"] = "Criado",
        ["Handle"] = "Identificador",
        ["External id"] = "Id externo",
        ["The order is now {0}."] = "O pedido agora está {0}.",
        ["Note added."] = "Nota adicionada.",
        ["Not allowed"] = "Não permitido",
        ["Not found."] = "Não encontrado.",
        ["You are signed in as {0}, whose role cannot open this page."] = "Você entrou como {0}, cujo papel não abre esta página.",
        ["Back to orders"] = "Voltar aos pedidos",
        ["Skip to content"] = "Pular para o conteúdo",
        ["Main"] = "Principal",
        ["Signed in as {0} ({1})"] = "Conectado como {0} ({1})",
        ["role:operator"] = "operador",
        ["role:admin"] = "administrador",
        ["Open"] = "Abrir",
        ["At most {0} characters."] = "No máximo {0} caracteres.",
        ["{0} orders"] = "{0} pedidos",
        ["Topic"] = "Tópico",
        ["All topics"] = "Todos os tópicos",
        ["Queued and failed"] = "Na fila e falhas",
        ["No directives waiting or failed."] = "Nenhuma diretiva na fila ou com falha.",
        ["Concerns"] = "Refere-se a",
        ["Attempts"] = "Tentativas",
        ["Due"] = "Prevista para",
        ["Last error"] = "Último erro",
        ["Actions"] = "Ações",
        ["Run again"] = "Executar de novo",
        ["Run directive {0} again"] = "Executar a diretiva {0} de novo",
        ["Directive {0} will run again now."] = "A diretiva {0} será executada de novo agora.",
        ["Directive {0} is {1}; only queued or failed directives can run again."] = "A diretiva {0} está {1}; só diretivas na fila ou com falha podem ser executadas de novo.",
        ["The newest {0} are shown; choose a topic to see others."] = "Mostrando as {0} mais novas; escolha um tópico para ver outras.",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
